package io.portico.plugin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * State a plugin shares with the other nodes of the cluster: Redis when the node (or the plugin's own config) names
 * one, else this node's memory. Get one from {@link PluginContext#sharedState()}.
 *
 * <p>Every call may fail with {@link StateUnavailableException} (Redis down, its deadline passed, or its circuit
 * breaker open): the plugin decides what that means for the request. Keys are namespaced by the runtime; plugins
 * should still start theirs with their own name.
 */
public interface SharedState {

    /**
     * Adds {@code by} to the counter at {@code key} and returns its new value. A counter that does not exist (or has
     * expired) starts at 0 and expires {@code ttl} after this call.
     */
    long increment(String key, long by, Duration ttl);

    /** The value at {@code key}, if present and not expired. */
    Optional<byte[]> getBytes(String key);

    /** Stores {@code value} at {@code key} for {@code ttl}. */
    void setBytes(String key, byte[] value, Duration ttl);

    /** Removes {@code key}; whether it existed. */
    boolean delete(String key);

    /** Removes every key that starts with {@code prefix}; how many there were. */
    long deleteByPrefix(String prefix);

    /**
     * Checks and consumes {@code cost} from every quota of one identifier at once: when any quota would go over its
     * limit nothing is consumed (a request refused by one window costs none of the others). On Redis this is one
     * atomic round trip, so many nodes counting the same identifier never let more through than the limit.
     *
     * @param id      what is being limited (e.g. route, consumer); quotas of one id are counted together
     * @param quotas  the windows to check, each with its own limit
     * @param cost    how much this request takes from each
     * @param nowMillis the time the windows are measured against (epoch millis)
     * @param sliding {@code true} for a sliding window (the previous window's count weighted by how much of it
     *                still overlaps), {@code false} for fixed windows
     */
    QuotaDecision consume(String id, List<Quota> quotas, long cost, long nowMillis, boolean sliding);

    /** Sends {@code message} to every subscriber of {@code channel} on every node (this one included). */
    void publish(String channel, String message);

    /** Calls {@code listener} with each message published on {@code channel} until the returned handle is closed. */
    AutoCloseable subscribe(String channel, Consumer<String> listener);

    /** Whether other nodes see this state (Redis) or only this node does (memory). */
    boolean isShared();

    /** For log lines: {@code memory} or the Redis it talks to (never its password). */
    String describe();

    /** The value at {@code key} as UTF-8 text. */
    default Optional<String> get(String key) {
        return getBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Stores {@code value} as UTF-8 text at {@code key} for {@code ttl}. */
    default void set(String key, String value, Duration ttl) {
        setBytes(key, value.getBytes(StandardCharsets.UTF_8), ttl);
    }
}
