package io.portico.runtime.proxy;

import io.portico.runtime.balancer.Peer;
import io.portico.runtime.config.RouteConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed upstream attempt is tried again (the service's {@code retries}, Kong's default 5), and how long to
 * wait first. A request that never reached the upstream (no connection) is always safe to send again. One that may
 * have been processed is sent again only when its method is idempotent or its route allows it
 * ({@code retry_non_idempotent}), and never when its streamed body was already (partly) sent: the bytes are gone.
 */
final class Retries {
    /** First backoff bound; it doubles per attempt up to {@link #MAX_BACKOFF_MILLIS}. */
    private static final int BASE_BACKOFF_MILLIS = 5;
    private static final int MAX_BACKOFF_MILLIS = 100;

    private Retries() {
    }

    /**
     * @param neverReached     the connection could not be opened: nothing was sent
     * @param bodyStreamedAway a streamed request body was started on the failed attempt
     */
    static boolean allowed(boolean neverReached, String method, RouteConfig route, boolean bodyStreamedAway) {
        if (neverReached) {
            return true;
        }
        if (bodyStreamedAway) {
            return false;
        }
        return idempotent(method) || route.retryNonIdempotent();
    }

    static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** {@code tried} and {@code peer}, so the next attempt goes elsewhere when it can. */
    static List<Peer> tried(List<Peer> tried, Peer peer) {
        List<Peer> next = new ArrayList<>(tried.size() + 1);
        next.addAll(tried);
        next.add(peer);
        return next;
    }

    /** A short wait with full jitter (0 to 5, 10, 20, ... 100 ms), so retries of many requests do not march in step. */
    static void backoff(int attempt) {
        int bound = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
