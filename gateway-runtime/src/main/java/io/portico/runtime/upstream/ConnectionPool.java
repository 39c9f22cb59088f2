package io.portico.runtime.upstream;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Idle keep-alive connections, per target. The most recently used connection is handed out first, so a burst's
 * extra connections age out and a steady load keeps reusing the same few. A connection idle longer than the idle
 * timeout (or than the upstream's own {@code Keep-Alive: timeout}, less a second) is closed: when it is found on
 * acquiring, and by a shared background sweep, so connections of a pool nobody uses any more (a replaced config's)
 * do not linger.
 */
final class ConnectionPool {
    private static final long SWEEP_SECONDS = 5;
    private static final long UPSTREAM_MARGIN_NANOS = 1_000_000_000L;
    private static final ConcurrentLinkedQueue<WeakReference<ConnectionPool>> POOLS = new ConcurrentLinkedQueue<>();
    private static volatile ScheduledExecutorService sweeper;

    private final long idleTimeoutNanos;
    private final int maxIdlePerTarget;
    private final Map<PoolKey, Idle> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The idle connections of one target, newest first. */
    private static final class Idle {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Http1Connection> connections = new ArrayDeque<>();
    }

    ConnectionPool(Duration idleTimeout, int maxIdlePerTarget) {
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxIdlePerTarget = maxIdlePerTarget;
        POOLS.add(new WeakReference<>(this));
        startSweeper();
    }

    /**
     * An idle connection to the target that looks usable, or null. With {@code verify}, a plain connection is
     * also checked (without blocking) for having been closed by the upstream: for requests whose body could not be
     * sent again.
     */
    Http1Connection acquire(PoolKey key, boolean verify) {
        Idle target = idle.get(key);
        if (target == null) {
            return null;
        }
        while (true) {
            Http1Connection conn;
            target.lock.lock();
            try {
                conn = target.connections.pollFirst();
            } finally {
                target.lock.unlock();
            }
            if (conn == null) {
                return null;
            }
            if (conn.isClosed() || expired(conn, System.nanoTime())
                    || (verify ? !conn.looksReusable() : conn.buffered() > 0)) {
                conn.close();
                continue;
            }
            return conn;
        }
    }

    /** Takes a connection back after a clean exchange (or closes it when the pool is full or closed). */
    void release(Http1Connection conn) {
        if (closed || conn.isClosed() || conn.buffered() > 0 || (idleTimeoutNanos <= 0)) {
            conn.close();
            return;
        }
        conn.markReused();
        conn.idleSince(System.nanoTime());
        Idle target = idle.computeIfAbsent(conn.key(), k -> new Idle());
        boolean kept = false;
        target.lock.lock();
        try {
            if (target.connections.size() < maxIdlePerTarget) {
                target.connections.addFirst(conn);
                kept = true;
            }
        } finally {
            target.lock.unlock();
        }
        if (!kept) {
            conn.close();
        }
        if (closed) {
            closeIdle(); // closed meanwhile: do not keep what slipped in
        }
    }

    private boolean expired(Http1Connection conn, long now) {
        long idleFor = now - conn.idleSinceNanos();
        long limit = conn.upstreamIdleLimitNanos();
        return idleFor >= idleTimeoutNanos
                || (limit >= 0 && idleFor >= Math.max(0, limit - UPSTREAM_MARGIN_NANOS));
    }

    /** Closes the connections idle for too long (the oldest sit at the end). */
    void evictExpired() {
        long now = System.nanoTime();
        for (Idle target : idle.values()) {
            List<Http1Connection> evicted = new ArrayList<>();
            target.lock.lock();
            try {
                for (Iterator<Http1Connection> it = target.connections.descendingIterator(); it.hasNext(); ) {
                    Http1Connection conn = it.next();
                    if (expired(conn, now)) {
                        it.remove();
                        evicted.add(conn);
                    }
                }
            } finally {
                target.lock.unlock();
            }
            evicted.forEach(Http1Connection::close);
        }
    }

    /** Number of idle connections held, all targets together. */
    int idleCount() {
        int n = 0;
        for (Idle target : idle.values()) {
            target.lock.lock();
            try {
                n += target.connections.size();
            } finally {
                target.lock.unlock();
            }
        }
        return n;
    }

    /** Closes every idle connection now, and every connection given back from now on. */
    void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Idle target : idle.values()) {
            List<Http1Connection> all;
            target.lock.lock();
            try {
                all = new ArrayList<>(target.connections);
                target.connections.clear();
            } finally {
                target.lock.unlock();
            }
            all.forEach(Http1Connection::close);
        }
    }

    private static void startSweeper() {
        if (sweeper != null) {
            return;
        }
        synchronized (ConnectionPool.class) {
            if (sweeper == null) {
                ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "portico-upstream-idle-sweeper");
                    t.setDaemon(true);
                    return t;
                });
                s.scheduleWithFixedDelay(ConnectionPool::sweepAll, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
                sweeper = s;
            }
        }
    }

    private static void sweepAll() {
        for (Iterator<WeakReference<ConnectionPool>> it = POOLS.iterator(); it.hasNext(); ) {
            ConnectionPool pool = it.next().get();
            if (pool == null || pool.closed) {
                it.remove();
                continue;
            }
            try {
                pool.evictExpired();
            } catch (RuntimeException ignored) {
                // a failed sweep is retried at the next one
            }
        }
    }
}
