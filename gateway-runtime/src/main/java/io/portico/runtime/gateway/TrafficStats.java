package io.portico.runtime.gateway;

import io.helidon.webserver.http.Handler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the admin API's {@code GET /status} reports of the proxy's traffic, counted around the proxy handler with
 * {@link LongAdder}s (no lock and no shared cache line on the request path).
 *
 * <p>Connections are counted as far as a handler can see them: a connection is counted when its first request
 * arrives (Helidon numbers a connection's requests from 1), so connections that never sent a complete request
 * head are not counted. An HTTP/1.1 connection runs its requests on one thread that ends with the connection,
 * so a connection is active while that thread is alive.
 */
public final class TrafficStats {
    /** Dead connection threads are dropped from the active set once it grew by this many. */
    private static final int PRUNE_EVERY = 256;

    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder totalRequests = new LongAdder();
    private final LongAdder requestsInFlight = new LongAdder();
    private final Set<Thread> connectionThreads = ConcurrentHashMap.newKeySet();
    private final LongAdder sincePrune = new LongAdder();

    /** {@code inner}, counted. */
    public Handler counting(Handler inner) {
        return (req, res) -> {
            if (req.id() == 1) {
                connectionOpened(Thread.currentThread());
            }
            totalRequests.increment();
            requestsInFlight.increment();
            try {
                inner.handle(req, res);
            } finally {
                requestsInFlight.decrement();
            }
        };
    }

    private void connectionOpened(Thread connectionThread) {
        connectionsAccepted.increment();
        connectionThreads.add(connectionThread);
        sincePrune.increment();
        if (sincePrune.sum() >= PRUNE_EVERY) {
            sincePrune.reset();
            connectionThreads.removeIf(t -> !t.isAlive());
        }
    }

    /** A consistent-enough reading of the counters (each is exact; they are read one after another). */
    public Snapshot snapshot() {
        connectionThreads.removeIf(t -> !t.isAlive());
        long active = connectionThreads.size();
        long inFlight = Math.max(0, requestsInFlight.sum());
        long accepted = connectionsAccepted.sum();
        return new Snapshot(accepted, accepted, Math.max(active, inFlight), inFlight,
                Math.max(0, active - inFlight), totalRequests.sum());
    }

    /**
     * The counters, under the names Kong's {@code /status} uses (its {@code server} object).
     *
     * @param connectionsAccepted connections that sent a first request
     * @param connectionsHandled  the same (a connection the server accepted is handled)
     * @param connectionsActive   connections open now
     * @param connectionsWriting  connections with a request in progress (being proxied or answered)
     * @param connectionsWaiting  open connections idle between keep-alive requests
     * @param totalRequests       requests received by the proxy handler
     */
    public record Snapshot(long connectionsAccepted, long connectionsHandled, long connectionsActive,
                           long connectionsWriting, long connectionsWaiting, long totalRequests) {
    }
}
