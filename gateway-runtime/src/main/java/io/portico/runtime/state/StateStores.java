package io.portico.runtime.state;

import io.portico.plugin.SharedState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's state stores, alive as long as the node (configs come and go, counters stay): this node's memory, the
 * node's shared store (its {@code --redis}, or the memory one), and the Redis stores plugins name in their own
 * config, one per URL.
 */
public final class StateStores implements AutoCloseable {
    private final MemoryState local = new MemoryState();
    private final SharedState node;
    private final RedisSettings nodeRedis;
    private final Map<RedisSettings, RedisState> byUrl = new ConcurrentHashMap<>();

    private StateStores(RedisSettings nodeRedis) {
        this.nodeRedis = nodeRedis;
        this.node = nodeRedis == null ? local : redis(nodeRedis);
    }

    /** Stores of a node without Redis: everything in memory. */
    public static StateStores inMemory() {
        return new StateStores(null);
    }

    /**
     * Stores of a node with {@code redis} as its shared store ({@code null}: in memory). Connects lazily: a Redis
     * that is down at start makes calls fail (and the circuit open), not the start.
     */
    public static StateStores open(RedisSettings redis) {
        return new StateStores(redis);
    }

    /** The node's shared store. */
    public SharedState node() {
        return node;
    }

    /** This node's memory. */
    public MemoryState local() {
        return local;
    }

    /** A store on the Redis at {@code url} (the node's own when it is the same URL), created on first use. */
    public SharedState forUrl(String url) {
        RedisSettings settings = RedisSettings.parse(url);
        if (settings.equals(nodeRedis)) {
            return node;
        }
        return redis(settings);
    }

    private RedisState redis(RedisSettings settings) {
        return byUrl.computeIfAbsent(settings, RedisState::connect);
    }

    /** How one store is doing, for the admin API's {@code /status}. */
    public record StoreStatus(String store, boolean shared, boolean degraded) {
    }

    /** The node's store first, then the Redis stores plugins named. */
    public List<StoreStatus> status() {
        List<StoreStatus> all = new ArrayList<>();
        all.add(status(node));
        byUrl.values().stream().filter(r -> r != node).forEach(r -> all.add(status(r)));
        return all;
    }

    private static StoreStatus status(SharedState store) {
        return new StoreStatus(store.describe(), store.isShared(), store instanceof RedisState r && r.degraded());
    }

    @Override
    public void close() {
        byUrl.values().forEach(RedisState::close);
        byUrl.clear();
    }
}
