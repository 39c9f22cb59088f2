package io.portico.plugin;

import java.util.List;
import java.util.Set;

/** The response on its way to the client, with mutators for the header and body phases. */
public interface Response {

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

    /** The first value of a header (case-insensitive), or {@code null}. */
    String header(String name);

    /** All values of a header, or an empty list. */
    List<String> headers(String name);

    /** The names of all headers present. */
    Set<String> headerNames();

    /** Replaces all values of a header. */
    void setHeader(String name, String value);

    /** Adds a value to a header. */
    void addHeader(String name, String value);

    /** Removes a header. */
    void removeHeader(String name);

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
