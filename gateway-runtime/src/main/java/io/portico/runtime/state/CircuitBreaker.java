package io.portico.runtime.state;

import io.portico.plugin.StateUnavailableException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Stops calling a store that keeps failing: after {@code failures} consecutive failures the circuit opens and calls
 * fail at once (no timeout paid per request); after {@code pause} one call is let through as a probe (half-open),
 * and its success closes the circuit again. Opening and closing are logged once each.
 */
final class CircuitBreaker {
    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private final String name;
    private final int failures;
    private final long pauseNanos;
    private final AtomicInteger consecutive = new AtomicInteger();
    private final AtomicLong openedAt = new AtomicLong();
    private final AtomicBoolean open = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong rejected = new AtomicLong();

    CircuitBreaker(String name, int failures, Duration pause) {
        this.name = name;
        this.failures = failures;
        this.pauseNanos = pause.toNanos();
    }

    /** Runs {@code call} unless the circuit is open; {@code call} reports failure by throwing a RuntimeException. */
    <T> T call(Supplier<T> call) {
        boolean probe = false;
        if (open.get()) {
            if (System.nanoTime() - openedAt.get() < pauseNanos || !probing.compareAndSet(false, true)) {
                rejected.incrementAndGet();
                throw new StateUnavailableException(name + " is unavailable (circuit open after repeated failures)");
            }
            probe = true;
        }
        try {
            T result = call.get();
            succeeded();
            return result;
        } catch (RuntimeException e) {
            failed(e);
            throw e instanceof StateUnavailableException s ? s
                    : new StateUnavailableException(name + ": " + e.getMessage(), e);
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    private void succeeded() {
        consecutive.set(0);
        if (open.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, name + " answers again: shared state resumed ("
                    + rejected.getAndSet(0) + " calls refused while it was down)");
        }
    }

    private void failed(RuntimeException e) {
        if (open.get()) {
            openedAt.set(System.nanoTime()); // the probe failed: another pause
            return;
        }
        if (consecutive.incrementAndGet() >= failures && open.compareAndSet(false, true)) {
            openedAt.set(System.nanoTime());
            LOG.log(System.Logger.Level.WARNING, name + " failed " + failures + " times in a row (" + e.getMessage()
                    + "): DEGRADED, not called for " + pauseNanos / 1_000_000 + " ms; plugins apply their"
                    + " fallback (rate-limiting: on_store_failure)");
        }
    }

    /** Whether calls are currently refused. */
    boolean isOpen() {
        return open.get();
    }
}
