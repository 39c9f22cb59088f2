package io.portico.runtime.proxy;

import io.portico.plugin.Request;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The request as plugins see it: the client's, plus the changes to make before it goes upstream. */
final class ProxyRequest extends MessageView implements Request {
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String rawQuery;
    private String method;
    private String upstreamPath;
    private String upstreamQuery;
    private Map<String, List<String>> queryParams;
    private boolean bodyChunked;
    private String hostOverride;


    ProxyRequest(String method, String scheme, String host, int port, String path, String rawQuery, HeaderMap headers) {
        super(headers, "request", "the request body is only available to plugins whose requestBodyMode() is BUFFERED");
        this.method = method;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.upstreamQuery = this.rawQuery;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String query(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public Map<String, List<String>> queryParams() {
        if (queryParams == null) {
            queryParams = QueryString.parse(rawQuery);
        }
        return queryParams;
    }


    @Override
    public void setMethod(String method) {
        if (method == null || !method.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        this.method = method.toUpperCase(Locale.ROOT);
    }

    @Override
    public String upstreamPath() {
        return upstreamPath;
    }

    @Override
    public void setUpstreamPath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("the upstream path must start with '/': " + path);
        }
        this.upstreamPath = path;
    }

    @Override
    public String upstreamQuery() {
        return upstreamQuery;
    }

    @Override
    public void setUpstreamQuery(String rawQuery) {
        this.upstreamQuery = rawQuery == null ? "" : rawQuery;
    }

    @Override
    public void setQuery(String name, String value) {
        upstreamQuery = QueryString.replace(upstreamQuery, name, value);
    }

    @Override
    public void removeQuery(String name) {
        upstreamQuery = QueryString.replace(upstreamQuery, name, null);
    }


    /** A Host set by a plugin is the upstream's Host, whatever preserve_host says (Kong's set_header("host")). */
    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        if ("host".equalsIgnoreCase(name)) {
            hostOverride = value;
        }
    }

    /** The Host a plugin set, or {@code null}. */
    String hostOverride() {
        return hostOverride;
    }

    @Override
    public boolean bodyChunked() {
        return bodyChunked;
    }

    void initBodyChunked(boolean chunked) {
        this.bodyChunked = chunked;
    }

    void initUpstreamPath(String path) {
        this.upstreamPath = path;
    }
}
