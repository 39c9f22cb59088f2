package io.portico.runtime.health;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health of one address of an upstream target, as Kong's checks keep it: counters of successes and of each kind
 * of failure (a success clears the failure counts of its side, a failure clears its successes), and a verdict that
 * flips when a count reaches its threshold ({@link HealthSettings}; a threshold of 0 never flips it). Active probes
 * and real traffic keep counters of their own.
 *
 * <p>Reports from real traffic are the hot path: they only read volatile fields, and write only when a count
 * changes. Thread-safe.
 */
public final class TargetHealth {

    /** Who decided the current verdict. */
    public enum Source {
        /** the gateway's probes */
        ACTIVE,
        /** real traffic */
        PASSIVE,
        /** half-open probes after a passive verdict */
        HALF_OPEN,
        /** another node, through the shared state */
        CLUSTER,
        /** the admin API ({@code POST /upstreams/{u}/targets/{t}/healthy}) */
        ADMIN,
        /** the initial state */
        START
    }

    /** Told of every change of verdict, on the thread that caused it. */
    @FunctionalInterface
    public interface Listener {
        void changed(TargetHealth health, boolean healthy, Source source, String reason);
    }

    private static final Listener NONE = (h, healthy, source, reason) -> {
    };

    private final String ip;
    private final int port;
    private final String hostHeader;
    private final HealthSettings settings;
    private final Counters active = new Counters();
    private final Counters passive = new Counters();
    private final boolean passiveOn;
    private volatile boolean healthy = true;
    private volatile Source source = Source.START;
    private volatile String reason = "no failure seen";
    private volatile long sinceMillis = System.currentTimeMillis();
    private volatile Listener listener = NONE;

    /**
     * @param ip         the address
     * @param port       the port
     * @param hostHeader the Host header probes send (the target's host name and port, or the upstream's
     *                   {@code host_header})
     */
    public TargetHealth(String ip, int port, String hostHeader, HealthSettings settings) {
        this.ip = ip;
        this.port = port;
        this.hostHeader = hostHeader;
        this.settings = settings;
        this.passiveOn = settings.passive().unhealthy().enabled() || settings.passive().healthy().successes() > 0;
    }

    private static final class Counters {
        final AtomicInteger successes = new AtomicInteger();
        final AtomicInteger httpFailures = new AtomicInteger();
        final AtomicInteger tcpFailures = new AtomicInteger();
        final AtomicInteger timeouts = new AtomicInteger();

        void clearFailures() {
            clear(httpFailures);
            clear(tcpFailures);
            clear(timeouts);
        }

        void clearAll() {
            clear(successes);
            clearFailures();
        }

        private static void clear(AtomicInteger counter) {
            if (counter.get() != 0) { // read first: no write (no cache-line contention) when already 0
                counter.set(0);
            }
        }
    }

    public void listener(Listener listener) {
        this.listener = listener == null ? NONE : listener;
    }

    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    /** {@code ip:port}, IPv6 in brackets. */
    public String address() {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    public String hostHeader() {
        return hostHeader;
    }

    public HealthSettings settings() {
        return settings;
    }

    public boolean healthy() {
        return healthy;
    }

    public Source source() {
        return source;
    }

    /** Why the verdict is what it is, for the admin API. */
    public String reason() {
        return reason;
    }

    /** When the verdict last changed (epoch millis). */
    public long sinceMillis() {
        return sinceMillis;
    }

    // ---- real traffic (passive) ----

    /** An upstream answered with {@code status}. */
    public void passiveStatus(int status) {
        if (!passiveOn) {
            return;
        }
        HealthSettings.Passive p = settings.passive();
        if (!"tcp".equals(p.type()) && p.unhealthy().httpStatuses().contains(status)) {
            failure(passive, passive.httpFailures, p.unhealthy().httpFailures(), Source.PASSIVE,
                    "passive: HTTP " + status);
        } else if ("tcp".equals(p.type()) || p.healthy().httpStatuses().contains(status)) {
            success(passive, p.healthy().successes(), Source.PASSIVE, "passive: HTTP " + status);
        }
    }

    /** A connection could not be made, or broke. */
    public void passiveTcpFailure(String detail) {
        if (passiveOn) {
            failure(passive, passive.tcpFailures, settings.passive().unhealthy().tcpFailures(), Source.PASSIVE,
                    "passive: " + detail);
        }
    }

    /** The upstream did not answer in time. */
    public void passiveTimeout() {
        if (passiveOn) {
            failure(passive, passive.timeouts, settings.passive().unhealthy().timeouts(), Source.PASSIVE,
                    "passive: timeout");
        }
    }

    // ---- probes (active) ----

    /** A probe's outcome. */
    public void probed(ProbeResult result) {
        HealthSettings.Active a = settings.active();
        switch (result.kind()) {
            case SUCCESS -> success(active, a.healthy().successes(), Source.ACTIVE, "active: " + result.detail());
            case HTTP_FAILURE -> failure(active, active.httpFailures, a.unhealthy().httpFailures(), Source.ACTIVE,
                    "active: " + result.detail());
            case TCP_FAILURE -> failure(active, active.tcpFailures, a.unhealthy().tcpFailures(), Source.ACTIVE,
                    "active: " + result.detail());
            case TIMEOUT -> failure(active, active.timeouts, a.unhealthy().timeouts(), Source.ACTIVE,
                    "active: " + result.detail());
            default -> {
                // NEUTRAL: a status in neither list counts for nothing, as in Kong
            }
        }
    }

    /** Sets the verdict from outside the counts (half-open probes, another node). */
    public boolean set(boolean healthy, Source source, String reason) {
        synchronized (this) {
            if (this.healthy == healthy) {
                return false;
            }
            active.clearAll();
            passive.clearAll();
            this.reason = reason;
            this.source = source;
            this.sinceMillis = System.currentTimeMillis();
            this.healthy = healthy;
        }
        listener.changed(this, healthy, source, reason);
        return true;
    }

    private void success(Counters counters, int threshold, Source source, String detail) {
        counters.clearFailures();
        if (healthy) {
            return;
        }
        int n = counters.successes.incrementAndGet();
        if (threshold > 0 && n >= threshold) {
            set(true, source, detail + " (" + n + " successes)");
        }
    }

    private void failure(Counters counters, AtomicInteger counter, int threshold, Source source, String detail) {
        Counters.clear(counters.successes);
        if (!healthy) {
            return;
        }
        int n = counter.incrementAndGet();
        if (threshold > 0 && n >= threshold) {
            set(false, source, detail + " (" + n + " in a row)");
        }
    }
}
