package io.portico.runtime.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the read (and write) timeouts of upstream connections from one watchdog thread, instead of a socket
 * timeout.
 * <p>
 * Why: a blocking read with {@code SO_TIMEOUT} on a virtual thread parks with a timeout, and every timed park
 * schedules (and on wake-up cancels) a task on the virtual-thread scheduler's delay queue, which wakes its thread:
 * two extra context switches per upstream response, a large share of a proxied request's CPU. Here a read only
 * writes its deadline into a field; every {@link #TICK_NANOS} the watchdog closes the connections whose read is
 * overdue, which makes the blocked read fail, and the connection reports it as a {@link
 * java.net.SocketTimeoutException}. A timeout thus fires up to one tick late.
 */
final class ReadTimeouts {
    static final long TICK_NANOS = 10_000_000L;
    private static final Set<Http1Connection> CONNECTIONS = ConcurrentHashMap.newKeySet();
    private static final Thread WATCHDOG;

    static {
        WATCHDOG = new Thread(ReadTimeouts::watch, "portico-upstream-read-timeouts");
        WATCHDOG.setDaemon(true);
        WATCHDOG.start();
    }

    private ReadTimeouts() {
    }

    static void register(Http1Connection conn) {
        boolean wasEmpty = CONNECTIONS.isEmpty();
        CONNECTIONS.add(conn);
        if (wasEmpty) {
            LockSupport.unpark(WATCHDOG); // it parks without a deadline while there is nothing to watch
        }
    }

    static void deregister(Http1Connection conn) {
        CONNECTIONS.remove(conn);
    }

    private static void watch() {
        while (true) {
            if (CONNECTIONS.isEmpty()) {
                LockSupport.park();
            } else {
                LockSupport.parkNanos(TICK_NANOS);
            }
            long now = System.nanoTime();
            for (Http1Connection conn : CONNECTIONS) {
                try {
                    conn.expireOverdue(now);
                } catch (RuntimeException ignored) {
                    // one connection failing to close must not stop the watchdog
                }
            }
        }
    }
}
