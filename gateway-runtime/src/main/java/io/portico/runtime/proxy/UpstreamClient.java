package io.portico.runtime.proxy;

import io.portico.runtime.balancer.Target;
import io.portico.runtime.upstream.Http1Client;
import io.portico.runtime.upstream.PoolKey;
import io.portico.runtime.upstream.UpstreamResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The HTTP/1.1 client of the services that share one set of timeouts and TLS setting: pooled keep-alive
 * connections ({@link Http1Client}), the request sent exactly as the proxy built it (path with its
 * {@code ;parameters}, the raw query, the headers in order, nothing added), the response read strictly (an invalid
 * or ambiguous response is an {@link io.portico.runtime.upstream.InvalidResponseException}, never relayed).
 */
public final class UpstreamClient implements AutoCloseable {
    private final Http1Client client;

    /**
     * @param tlsVerify for https upstreams: verify the certificate chain and host name (else trust any, as
     *                  Kong's {@code tls_verify: false})
     */
    public UpstreamClient(int connectTimeoutMillis, int readTimeoutMillis, int writeTimeoutMillis, boolean tlsVerify) {
        this.client = new Http1Client(Http1Client.Settings.of(connectTimeoutMillis, readTimeoutMillis,
                writeTimeoutMillis, tlsVerify));
    }

    /**
     * What to send: everything but the body. The headers carry Content-Length when the body's length is known.
     *
     * @param target  where to connect
     * @param tlsName the name TLS checks the certificate against (and sends as SNI) when {@code target} is an
     *                address a target's name resolved to; {@code null} or the target's host otherwise
     */
    record Call(String method, String scheme, Target target, String tlsName, String path, String rawQuery,
                HeaderMap headers) {
    }

    /** Writes a request body to the upstream connection. */
    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Sends the request, with a body when {@code body} is not null (fixed-length when the headers carry
     * Content-Length, else chunked), and returns the response once its head arrived. The caller closes it.
     */
    UpstreamResponse send(Call call, BodyWriter body) throws IOException {
        String host = call.target().host();
        PoolKey key = new PoolKey("https".equals(call.scheme()), host, call.target().port(),
                call.tlsName() == null || call.tlsName().equals(host) ? null : call.tlsName());
        String query = call.rawQuery();
        String requestTarget = query == null || query.isEmpty() ? call.path() : call.path() + "?" + query;
        long length = -1;
        if (body != null) {
            String declared = call.headers().first("content-length");
            length = declared == null ? -1 : Long.parseLong(declared);
        }
        return client.send(key, call.method(), requestTarget, call.headers()::forEach, length,
                body == null ? null : body::write);
    }

    /** Closes the idle connections (a replaced config's client); responses in flight finish normally. */
    @Override
    public void close() {
        client.close();
    }
}
