package io.portico.runtime.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The checks of one upstream that run on their own: Kong's active probes (healthy targets every
 * {@code healthy.interval}, unhealthy ones every {@code unhealthy.interval}, at most {@code concurrency} at once),
 * Portico's half-open probes of targets taken out by passive checks, and the verdicts shared with the other nodes
 * through the node's shared state (Redis publish/subscribe; in memory only this node hears them).
 *
 * <p>Started when a config using the upstream is put in force ({@link #start()}), so probing begins at load time,
 * not at the first request; closed when a config without it (or with it changed) replaces it.
 */
public final class HealthChecker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthChecker.class.getName());

    private final String upstream;
    private final HealthSettings settings;
    private final Supplier<Collection<TargetHealth>> targets;
    private final ScheduledExecutorService scheduler;
    private final VerdictChannel verdicts;
    private final HealthProbe probe;
    private final Semaphore concurrency;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile boolean closed;
    private boolean started;

    /**
     * @param upstream  the upstream's name (log lines, the shared channel)
     * @param targets   the upstream's current addresses (they change with DNS)
     * @param scheduler the node's scheduler of health tasks
     * @param verdicts  where verdicts are shared with the other nodes
     */
    public HealthChecker(String upstream, HealthSettings settings, Supplier<Collection<TargetHealth>> targets,
                         ScheduledExecutorService scheduler, VerdictChannel verdicts) {
        this.upstream = upstream;
        this.settings = settings;
        this.targets = targets;
        this.scheduler = scheduler;
        this.verdicts = verdicts;
        this.probe = new HealthProbe(settings.active());
        this.concurrency = new Semaphore(settings.active().concurrency());
    }

    /** Follows a target's verdicts: publishes them and, after a passive verdict, schedules half-open probes. */
    public void watch(TargetHealth health) {
        health.listener(this::changed);
    }

    /** Starts the probes and joins the shared verdicts; once (a reload keeping the upstream calls it again). */
    public synchronized void start() {
        if (closed || started) {
            return;
        }
        started = true;
        HealthSettings.Active active = settings.active();
        if (!active.healthy().interval().isZero()) {
            tasks.add(every(active.healthy().interval(), true));
        }
        if (!active.unhealthy().interval().isZero()) {
            tasks.add(every(active.unhealthy().interval(), false));
        }
        verdicts.join(upstream, this); // also without checks: an admin's verdict is shared
    }

    private ScheduledFuture<?> every(java.time.Duration interval, boolean healthyOnes) {
        long nanos = interval.toNanos();
        // first round at once: probing starts when the config loads
        AtomicBoolean running = new AtomicBoolean();
        return scheduler.scheduleWithFixedDelay(() -> {
            // rounds run on virtual threads (the scheduler serves every upstream); a slow round is never doubled
            if (running.compareAndSet(false, true)) {
                Thread.ofVirtual().start(() -> {
                    try {
                        round(healthyOnes);
                    } finally {
                        running.set(false);
                    }
                });
            }
        }, 0, nanos, TimeUnit.NANOSECONDS);
    }

    /** Probes every target in the given state, {@code concurrency} at a time, and waits for them. */
    private void round(boolean healthyOnes) {
        if (closed) {
            return;
        }
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (TargetHealth target : targets.get()) {
                if (target.healthy() != healthyOnes) {
                    continue;
                }
                threads.submit(() -> {
                    concurrency.acquireUninterruptibly();
                    try {
                        if (!closed) {
                            target.probed(probe.probe(target.ip(), target.port(), target.hostHeader()));
                        }
                    } finally {
                        concurrency.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "upstream \"" + upstream + "\": a probe round failed", e);
        }
    }

    private void changed(TargetHealth target, boolean healthy, TargetHealth.Source source, String reason) {
        if (closed) {
            return;
        }
        LOG.log(healthy ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "upstream \"{0}\": target {1} is {2} ({3})", upstream, target.address(),
                healthy ? "healthy" : "unhealthy", reason);
        if (source != TargetHealth.Source.CLUSTER) {
            verdicts.publish(upstream, target, healthy, reason);
        }
        // an admin's "unhealthy" stays until active checks or the admin say otherwise, as in Kong
        if (!healthy && (source == TargetHealth.Source.PASSIVE || source == TargetHealth.Source.CLUSTER)) {
            scheduleHalfOpen(target);
        }
    }

    // ---- half-open ----

    /**
     * Portico's recovery for passive verdicts: after {@code cool_down}, {@code probes} probes in a row must succeed
     * for the target to come back; a failing one starts another cool-down. Not needed (and not done) when active
     * probes of unhealthy targets run anyway.
     */
    private void scheduleHalfOpen(TargetHealth target) {
        HealthSettings.HalfOpen halfOpen = settings.passive().halfOpen();
        if (halfOpen.coolDown().isZero() || !settings.active().unhealthy().interval().isZero() || closed) {
            return;
        }
        try {
            scheduler.schedule(() -> Thread.ofVirtual().start(() -> halfOpen(target)),
                    halfOpen.coolDown().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the node is stopping
        }
    }

    private void halfOpen(TargetHealth target) {
        if (closed || target.healthy()) {
            return;
        }
        int needed = settings.passive().halfOpen().probes();
        ProbeResult last = null;
        for (int i = 0; i < needed; i++) {
            last = probe.probe(target.ip(), target.port(), target.hostHeader());
            if (last.kind() != ProbeResult.Kind.SUCCESS) {
                LOG.log(System.Logger.Level.DEBUG, "upstream \"{0}\": half-open probe of {1} failed ({2})",
                        upstream, target.address(), last.detail());
                scheduleHalfOpen(target);
                return;
            }
        }
        if (!closed) {
            target.set(true, TargetHealth.Source.HALF_OPEN, "half-open: " + needed + " probes succeeded (" + last.detail()
                    + ")");
        }
    }

    // ---- cluster ----

    /** Another node's verdict about one of this upstream's addresses. */
    void heard(String node, String address, boolean healthy, String reason) {
        if (closed) {
            return;
        }
        for (TargetHealth target : targets.get()) {
            if (target.address().equals(address)) {
                target.set(healthy, TargetHealth.Source.CLUSTER, "node " + node + ": " + reason);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
        verdicts.leave(upstream, this);
    }
}
