package io.portico.runtime.state;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The deadline of every Redis call, enforced by one watchdog thread instead of a socket timeout: a call still
 * running past its deadline while parked (waiting for Redis, not for a CPU) has its virtual thread interrupted,
 * which closes the socket it is blocked on, and fails with {@link DeadlineExceeded}: up to two ticks late. A call
 * that opens a connection gets the connect timeout more.
 * <p>
 * Why not Jedis's socket timeout: a timed socket read on a virtual thread is a timed park, and the JDK schedules
 * (and on wake-up cancels) each one on the scheduler's delay queue, waking its thread both times. Measured with
 * rate-limiting on Redis: 0.3 context switches per request, from that alone. Here a call costs a set insertion
 * and removal; the watchdog wakes every quarter of the deadline while calls run, and sleeps when none has run
 * for a second.
 * <p>
 * Calls from platform threads, whose socket reads an interrupt cannot end, run on a virtual thread of their own.
 */
final class RedisDeadlines implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;
    private static final long IDLE_NANOS = 1_000_000_000L;

    private final long limitNanos;
    private final long connectNanos;
    private final long tickNanos;
    private final Set<Call> running = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Call> current = new ThreadLocal<>();
    private final Thread watchdog;
    private volatile boolean asleep;
    private volatile boolean closed;

    RedisDeadlines(String name, Duration limit, Duration connect) {
        this.limitNanos = limit.toNanos();
        this.connectNanos = connect.toNanos();
        this.tickNanos = Math.max(1_000_000L, limitNanos / 4);
        this.watchdog = Thread.ofPlatform().daemon().name("portico-redis-deadlines-" + name).unstarted(this::watch);
        watchdog.start();
    }

    /** Runs {@code call} within the deadline. */
    <T> T run(Supplier<T> call) {
        if (!Thread.currentThread().isVirtual()) {
            return onVirtualThread(call);
        }
        Call c = new Call(Thread.currentThread(), System.nanoTime() + limitNanos);
        running.add(c);
        current.set(c);
        if (asleep) {
            LockSupport.unpark(watchdog);
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (c.state != RUNNING) {
                throw new DeadlineExceeded("no answer within " + limitNanos / 1_000_000 + " ms", e);
            }
            throw e;
        } finally {
            current.remove();
            running.remove(c);
            c.finish();
        }
    }

    /** Called when the current thread starts opening a connection: its call gets the connect timeout more. */
    void connecting() {
        Call c = current.get();
        if (c != null) {
            c.deadline += connectNanos;
        }
    }

    private <T> T onVirtualThread(Supplier<T> call) {
        FutureTask<T> task = new FutureTask<>(() -> run(call));
        Thread.ofVirtual().name("portico-redis-call").start(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceeded("interrupted while waiting for Redis", e);
        }
    }

    private void watch() {
        long lastBusy = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (running.isEmpty()) {
                if (now - lastBusy > IDLE_NANOS) {
                    asleep = true;
                    if (running.isEmpty() && !closed) { // a call added after the flag was set unparks us
                        LockSupport.park(this);
                    }
                    asleep = false;
                    lastBusy = System.nanoTime();
                    continue;
                }
            } else {
                lastBusy = now;
                for (Call c : running) {
                    c.expireIfOverdue(now);
                }
            }
            LockSupport.parkNanos(this, tickNanos);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
    }

    /** A call that ran past its deadline (its connection was closed). */
    static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class Call {
        private static final AtomicIntegerFieldUpdater<Call> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Call.class, "state");
        final Thread thread;
        volatile long deadline;
        volatile int state = RUNNING;
        private int parkedTicks;

        Call(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        /**
         * Interrupts the call once it is past its deadline and found parked (waiting for Redis) at two ticks in a
         * row. A thread that is runnable waits for a CPU, not for Redis: on a saturated node the answer may well be
         * there, as a socket timeout would have found when it fired. Only the watchdog calls this.
         */
        void expireIfOverdue(long now) {
            if (now - deadline <= 0) {
                return;
            }
            if (thread.getState() == Thread.State.RUNNABLE) {
                parkedTicks = 0;
            } else if (++parkedTicks >= 2 && STATE.compareAndSet(this, RUNNING, EXPIRING)) {
                thread.interrupt();
                state = EXPIRED;
            }
        }

        /** Ends the call; an interrupt the watchdog sent is taken back, so the thread goes on without it. */
        void finish() {
            if (!STATE.compareAndSet(this, RUNNING, DONE)) {
                while (state != EXPIRED) {
                    Thread.onSpinWait();
                }
                Thread.interrupted();
            }
        }
    }
}
