package io.portico.runtime.gateway;

import io.portico.runtime.proxy.UpstreamClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's upstream HTTP clients, one per distinct (connect, read and write timeouts, TLS verification), shared by
 * every config the node compiles. Each client owns a pool of keep-alive connections: a reload that compiled new
 * clients would start cold and leave the old pools behind, so configs borrow them from here instead, and a reload
 * keeps its warm connections. Services that agree on the four settings share one pool.
 *
 * <p>Clients live as long as the node, one per combination any config of this run used (a handful in practice).
 * A client is not closed when a reload stops using it, because requests that started on the previous config
 * may still be using it; a pool no config uses takes no new connections, and its idle ones stay until the
 * upstream closes them or the node stops.
 *
 * <p>Thread-safe.
 */
public final class UpstreamClients implements AutoCloseable {
    private final Map<Key, UpstreamClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What tells clients apart. */
    private record Key(int connectTimeoutMillis, int readTimeoutMillis, int writeTimeoutMillis, boolean tlsVerify) {
    }

    /** The client with these settings, created on first use. */
    public UpstreamClient get(int connectTimeoutMillis, int readTimeoutMillis, int writeTimeoutMillis,
                              boolean tlsVerify) {
        if (closed) {
            throw new IllegalStateException("the node's upstream clients are closed");
        }
        return clients.computeIfAbsent(new Key(connectTimeoutMillis, readTimeoutMillis, writeTimeoutMillis, tlsVerify),
                k -> new UpstreamClient(k.connectTimeoutMillis(), k.readTimeoutMillis(), k.writeTimeoutMillis(),
                        k.tlsVerify()));
    }

    /** How many clients (connection pools) exist. */
    public int size() {
        return clients.size();
    }

    /** Closes every client; call once no request can use them any more (after the proxy listener stopped). */
    @Override
    public void close() {
        closed = true;
        List<UpstreamClient> all = List.copyOf(clients.values());
        clients.clear();
        for (UpstreamClient client : all) {
            try {
                client.close();
            } catch (RuntimeException e) {
                System.getLogger(UpstreamClients.class.getName())
                        .log(System.Logger.Level.DEBUG, "closing an upstream client failed", e);
            }
        }
    }
}
