package io.portico.plugin;

import java.util.List;
import java.util.Map;

/**
 * The client's request as received (after path normalization), and the changes to apply before it is sent
 * upstream. Header reads see earlier changes; {@link #path()} and {@link #query(String)} always show the client's
 * request while {@link #upstreamPath()} and {@link #upstreamQuery()} show what will be sent.
 */
public interface Request extends Headers {

    /** The HTTP method, upper case, e.g. {@code GET}; what will be sent upstream after {@link #setMethod}. */
    String method();

    /** {@code http} or {@code https}, as the client reached the gateway. */
    String scheme();

    /** The host the client asked for (Host header), without port. */
    String host();

    /** The gateway port the client connected to. */
    int port();

    /** The client's normalized path, without query string. */
    String path();

    /** The client's raw query string without '?', or an empty string. */
    String rawQuery();

    /** The first value of a query parameter (decoded), or {@code null}. */
    String query(String name);

    /** All query parameters (decoded), in order. */
    Map<String, List<String>> queryParams();


    /** Changes the method sent upstream. */
    void setMethod(String method);

    /** The path that will be sent upstream (service path joined with the stripped request path, as Kong does). */
    String upstreamPath();

    /** Changes the path sent upstream; it must start with '/'. */
    void setUpstreamPath(String path);

    /** The raw query string that will be sent upstream, without '?'. */
    String upstreamQuery();

    /** Replaces the raw query string sent upstream (without '?', already encoded). */
    void setUpstreamQuery(String rawQuery);

    /** Sets one query parameter sent upstream (value encoded here), replacing its previous values. */
    void setQuery(String name, String value);

    /** Removes one query parameter from the upstream request. */
    void removeQuery(String name);

    /**
     * Whether the client sends its body chunked (Transfer-Encoding, which plugins do not see as a header): its length
     * is known only once it has all streamed. A request with neither this nor a Content-Length has no body.
     */
    default boolean bodyChunked() {
        return false;
    }

    /**
     * The whole request body. It is read when the first plugin whose {@link Plugin#requestBodyMode()} is
     * {@link BodyMode#BUFFERED} is about to run, and from then on every plugin can read it; {@code null} when it was
     * over the route's buffer limit (see {@link #bodyTooLarge()}). An empty array when the request has no body.
     *
     * @throws IllegalStateException when no plugin so far asked for the body to be buffered
     */
    byte[] body();

    /** Whether the body was larger than the route's buffer limit, so {@link #body()} is not available. */
    boolean bodyTooLarge();

    /** Replaces the body sent upstream (Content-Length is adjusted). Needs a buffered body. */
    void setBody(byte[] body);
}
