package io.portico.runtime.proxy;

import io.portico.plugin.Headers;

import java.util.List;
import java.util.Set;

/** The header part of the plugin view of a request or response, backed by a {@link HeaderMap}. */
abstract class HeaderView implements Headers {
    final HeaderMap headers;

    HeaderView(HeaderMap headers) {
        this.headers = headers;
    }

    @Override
    public String header(String name) {
        return headers.first(name);
    }

    @Override
    public List<String> headers(String name) {
        return headers.all(name);
    }

    @Override
    public Set<String> headerNames() {
        return headers.names();
    }

    @Override
    public void setHeader(String name, String value) {
        headers.set(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.add(name, value);
    }

    @Override
    public void removeHeader(String name) {
        headers.remove(name);
    }
}
