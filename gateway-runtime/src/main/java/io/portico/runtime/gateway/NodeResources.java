package io.portico.runtime.gateway;

import io.portico.runtime.balancer.Upstreams;
import io.portico.runtime.state.StateStores;

/**
 * What a node keeps across config reloads and every config it compiles shares: upstream connection pools and state
 * stores (rate-limit counters, caches, the Redis connections), and the upstream balancers with their health checks.
 */
public final class NodeResources implements AutoCloseable {
    private final UpstreamClients clients;
    private final StateStores state;
    private final Upstreams upstreams;

    /** Resources of their own, in memory (for one-off compiles such as {@code portico validate}, and tests). */
    public NodeResources() {
        this(new UpstreamClients(), StateStores.inMemory());
    }

    public NodeResources(UpstreamClients clients, StateStores state) {
        this.clients = clients;
        this.state = state;
        this.upstreams = new Upstreams(state.node());
    }

    /** Resources of a node with these settings: its Redis (when given) for shared state. */
    public static NodeResources forNode(NodeSettings settings) {
        return new NodeResources(new UpstreamClients(), StateStores.open(settings.redis()));
    }

    public UpstreamClients clients() {
        return clients;
    }

    public StateStores state() {
        return state;
    }

    /** The upstream balancers and their health checks. */
    public Upstreams upstreams() {
        return upstreams;
    }

    @Override
    public void close() {
        upstreams.close();
        clients.close();
        state.close();
    }
}
