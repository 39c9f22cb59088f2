package io.portico.runtime.proxy;

import io.portico.plugin.Response;

import java.util.List;
import java.util.Set;

/** The response as plugins see it and change it before it reaches the client. */
final class ProxyResponse implements Response {
    final HeaderMap headers = new HeaderMap();
    private Source source = Source.UPSTREAM;
    private int status;
    private byte[] body;
    boolean bodyBuffered;
    boolean bodyTooLarge;
    boolean bodyReplaced;

    @Override
    public Source source() {
        return source;
    }

    void source(Source source) {
        this.source = source;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public void setStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("invalid status code: " + status);
        }
        this.status = status;
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

    @Override
    public byte[] body() {
        if (!bodyBuffered) {
            throw new IllegalStateException("the response body is only available in the buffered body phase");
        }
        return body;
    }

    @Override
    public boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    @Override
    public void setBody(byte[] body) {
        if (!bodyBuffered || bodyTooLarge) {
            throw new IllegalStateException("the response body can only be replaced when it was buffered whole");
        }
        this.body = body == null ? new byte[0] : body;
        this.bodyReplaced = true;
    }

    void bufferedBody(byte[] body, boolean tooLarge) {
        this.body = body;
        this.bodyBuffered = true;
        this.bodyTooLarge = tooLarge;
    }

    byte[] bufferedBody() {
        return body;
    }
}
