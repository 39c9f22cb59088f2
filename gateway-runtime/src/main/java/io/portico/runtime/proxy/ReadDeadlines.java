package io.portico.runtime.proxy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that expires the read deadlines of all guarded connections in this JVM. Arming a deadline is a
 * single volatile write on the connection's side, so a request pays nothing for it; the sweeper looks at every
 * open connection a few times per the shortest timeout (at least every 250 ms, at most every 5 ms), which bounds
 * how late a deadline fires. It is a platform thread, so busy virtual threads cannot hold it up, and it parks
 * while no connection is open.
 */
final class ReadDeadlines {
    private static final long MAX_TICK = Duration.ofMillis(250).toNanos();
    private static final long MIN_TICK = Duration.ofMillis(5).toNanos();
    // After the ticks: static fields are initialised in order, and the constructor reads MAX_TICK (declared
    // before them, it saw 0, and the sweeper spun with parkNanos(0)).
    static final ReadDeadlines SHARED = new ReadDeadlines();

    private final Set<GuardedConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile long tickNanos = MAX_TICK;
    private final Thread sweeper;

    private ReadDeadlines() {
        sweeper = Thread.ofPlatform().name("portico-read-deadlines").daemon(true).unstarted(this::sweep);
        sweeper.start();
    }

    void add(GuardedConnection connection, Duration shortestTimeout) {
        long tick = Math.max(MIN_TICK, Math.min(MAX_TICK, shortestTimeout.toNanos() / 8));
        if (tick < tickNanos) {
            tickNanos = tick;
        }
        connections.add(connection);
        LockSupport.unpark(sweeper);
    }

    void remove(GuardedConnection connection) {
        connections.remove(connection);
    }

    private void sweep() {
        while (true) {
            if (connections.isEmpty()) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, tickNanos);
            }
            long now = System.nanoTime();
            for (GuardedConnection connection : connections) {
                try {
                    connection.expireIfDue(now);
                } catch (RuntimeException | Error e) {
                    System.getLogger(ReadDeadlines.class.getName())
                            .log(System.Logger.Level.WARNING, "could not expire a connection", e);
                }
            }
        }
    }
}
