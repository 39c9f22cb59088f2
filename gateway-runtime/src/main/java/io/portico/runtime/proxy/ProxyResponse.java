package io.portico.runtime.proxy;

import io.portico.plugin.Response;

/** The response as plugins see it and change it before it reaches the client. */
final class ProxyResponse extends MessageView implements Response {
    private Source source = Source.UPSTREAM;
    private int status;

    ProxyResponse() {
        super(new HeaderMap(), "response", "the response body is only available in the buffered body phase");
    }

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


}
