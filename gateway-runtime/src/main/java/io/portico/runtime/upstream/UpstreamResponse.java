package io.portico.runtime.upstream;

import java.io.InputStream;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/**
 * A response from an upstream: its status and header fields as they came, and its body as a stream read off the
 * connection. Always close it: a body read to its proper end on a keep-alive response gives the connection back
 * to the pool; anything else (a body left unread, a failure, {@code Connection: close}) closes the connection.
 */
public final class UpstreamResponse implements AutoCloseable {
    private final ResponseHead head;
    private final ResponseBody body;
    private final Http1Connection conn;
    private final ConnectionPool pool;
    private boolean closed;

    UpstreamResponse(ResponseHead head, ResponseBody body, Http1Connection conn, ConnectionPool pool) {
        this.head = head;
        this.body = body;
        this.conn = conn;
        this.pool = pool;
    }

    public int status() {
        return head.status();
    }

    /** The header fields, one call per field line, in wire order (hop-by-hop ones included). */
    public void forEachHeader(BiConsumer<String, String> action) {
        head.forEach(action);
    }

    /** The first value of a header field, or null. */
    public String header(String name) {
        return head.first(name);
    }

    /**
     * The body length the upstream declared: for a response with a body, its Content-Length; for a response to
     * HEAD, the Content-Length it would have had. Empty when chunked, delimited by close, or not given.
     */
    public OptionalLong contentLength() {
        long length = head.contentLength();
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /** The body (empty for HEAD, 204 and 304); a failure or truncation throws an IOException. */
    public InputStream body() {
        return body;
    }

    /** Releases the connection: back to the pool when the exchange ended cleanly, else closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (body.complete() && !body.failed && head.keepAlive()) {
            conn.upstreamIdleTimeoutSeconds(head.keepAliveTimeoutSeconds());
            pool.release(conn);
        } else {
            conn.close();
        }
    }
}
