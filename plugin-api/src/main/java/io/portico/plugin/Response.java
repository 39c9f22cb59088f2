package io.portico.plugin;

/** The response on its way to the client, with mutators for the header and body phases. */
public interface Response extends Headers {

    /** Where the response comes from. */
    enum Source {
        /** The upstream service answered. */
        UPSTREAM,
        /** A plugin answered with {@link Exchange#respond}. */
        PLUGIN,
        /** The gateway answered with an error (no route, upstream failure, plugin failure). */
        GATEWAY
    }

    /** Who produced this response. */
    Source source();

    /** The status code. */
    int status();

    /** Changes the status code sent to the client (100..599). */
    void setStatus(int status);


    /**
     * The whole response body, in the buffered body phase; {@code null} when it was over the route's buffer
     * limit (see {@link #bodyTooLarge()}).
     *
     * @throws IllegalStateException outside a buffered body phase
     */
    byte[] body();

    /** Whether the body was larger than the route's buffer limit. */
    boolean bodyTooLarge();

    /** Replaces the body sent to the client (Content-Length is adjusted). Needs a buffered body. */
    void setBody(byte[] body);
}
