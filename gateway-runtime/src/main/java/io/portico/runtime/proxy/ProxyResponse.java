package io.portico.runtime.proxy;

import io.portico.plugin.Response;

/** The response as plugins see it and change it before it reaches the client. */
final class ProxyResponse extends HeaderView implements Response {
    private Source source = Source.UPSTREAM;
    private int status;
    private byte[] body;
    boolean bodyBuffered;
    boolean bodyTooLarge;

    ProxyResponse() {
        super(new HeaderMap());
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
