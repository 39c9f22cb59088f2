package io.portico.runtime.balancer;

import io.portico.plugin.SharedState;
import io.portico.runtime.config.UpstreamConfig;
import io.portico.runtime.health.VerdictChannel;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The node's upstream balancers, alive across reloads: a reload that keeps an upstream unchanged keeps its
 * balancer (health verdicts, counters, running checks); a changed or removed upstream's checks stop when the new
 * config is put in force ({@link #activate}). Thread-safe.
 */
public final class Upstreams implements AutoCloseable {
    private final VerdictChannel verdicts;
    private final UpstreamBalancer.Resolver resolver;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("portico-health").daemon(true).factory());
    private Map<String, UpstreamBalancer> active = Map.of();
    private boolean closed;

    /** @param shared the node's shared state, where health verdicts are published */
    public Upstreams(SharedState shared) {
        this(shared, UpstreamBalancer.SYSTEM);
    }

    Upstreams(SharedState shared, UpstreamBalancer.Resolver resolver) {
        this.verdicts = new VerdictChannel(shared, UUID.randomUUID().toString());
        this.resolver = resolver;
    }

    /** The balancer of {@code config} for a config being compiled: the one in force when unchanged, else a new one. */
    public synchronized UpstreamBalancer forConfig(UpstreamConfig config) {
        UpstreamBalancer current = active.get(config.name());
        if (current != null && current.sameAs(config)) {
            return current;
        }
        return new UpstreamBalancer(config, scheduler, verdicts, resolver);
    }

    /** The config using {@code inUse} (by upstream name) is now in force: start them, stop the others. */
    public synchronized void activate(Map<String, UpstreamBalancer> inUse) {
        if (closed) {
            return;
        }
        Set<UpstreamBalancer> keep = new HashSet<>(inUse.values());
        for (UpstreamBalancer old : active.values()) {
            if (!keep.contains(old)) {
                old.close();
            }
        }
        inUse.values().forEach(b -> b.start(scheduler));
        active = Map.copyOf(new HashMap<>(inUse));
    }

    /** The balancer in force for the upstream named {@code name}. */
    public synchronized Optional<UpstreamBalancer> get(String name) {
        return Optional.ofNullable(active.get(name));
    }

    /** The balancers in force. */
    public synchronized Collection<UpstreamBalancer> all() {
        return active.values();
    }

    @Override
    public synchronized void close() {
        closed = true;
        active.values().forEach(UpstreamBalancer::close);
        active = Map.of();
        verdicts.close();
        scheduler.shutdownNow();
    }
}
