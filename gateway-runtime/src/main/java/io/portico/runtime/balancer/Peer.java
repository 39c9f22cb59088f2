package io.portico.runtime.balancer;

import io.portico.runtime.health.TargetHealth;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One address of an upstream target, as the balancer sees it: where to connect, its weight, its health, and what
 * the algorithms measure (requests in flight, an EWMA of response times). A target whose host name resolves to
 * several addresses is several peers with the target's weight each, as in Kong. Peers live as long as their
 * upstream's {@link UpstreamBalancer} (across reloads that keep the upstream unchanged).
 */
public final class Peer {
    /** How fast an idle peer's latency estimate fades, so a peer that was slow gets tried again (Kong: 10 s). */
    private static final double DECAY_NANOS = 10e9;
    /** Weight of a new sample in the latency EWMA. */
    private static final double ALPHA = 0.3;

    private final Target named;
    private final Target address;
    private final TargetHealth health;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double ewmaNanos;
    private volatile long sampledAtNanos = System.nanoTime();

    /**
     * @param named   the target as configured: host name (or address), port, weight
     * @param address where to connect: the resolved address, the port and the weight
     * @param health  the address's health
     */
    public Peer(Target named, Target address, TargetHealth health) {
        this.named = named;
        this.address = address;
        this.health = health;
    }

    /** The target as configured, {@code host:port}. */
    public String target() {
        return named.authority();
    }

    /** The target as configured: its host is what the Host header names. */
    public Target named() {
        return named;
    }

    public Target address() {
        return address;
    }

    public int weight() {
        return address.weight();
    }

    public TargetHealth health() {
        return health;
    }

    /** Healthy and with a weight: may take requests. */
    public boolean available() {
        return address.weight() > 0 && health.healthy();
    }

    /** Whether the algorithms may choose it for a request that already tried {@code tried}. */
    boolean eligible(List<Peer> tried, boolean avoidTried) {
        return available() && !(avoidTried && !tried.isEmpty() && tried.contains(this));
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** A request to this peer started. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** A request to this peer ended (its response read, or it failed). */
    public void finished() {
        inFlight.decrementAndGet();
    }

    /** Adds a response time to the EWMA. Racing updates may lose a sample, which an average can afford. */
    public void sampled(long nanos) {
        long now = System.nanoTime();
        double current = decayed(now);
        ewmaNanos = current == 0 ? nanos : current + ALPHA * (nanos - current);
        sampledAtNanos = now;
    }

    /** The latency estimate, faded by the time since the last sample. */
    double decayed(long now) {
        double ewma = ewmaNanos;
        return ewma == 0 ? 0 : ewma * Math.exp(-(now - sampledAtNanos) / DECAY_NANOS);
    }

    @Override
    public String toString() {
        return target() + " (" + address.authority() + ")";
    }
}
