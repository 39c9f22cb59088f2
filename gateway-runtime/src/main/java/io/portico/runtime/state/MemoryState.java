package io.portico.runtime.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.portico.plugin.Quota;
import io.portico.plugin.QuotaDecision;
import io.portico.plugin.SharedState;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's state, in memory: what plugins share when no Redis is configured, and the per-node fallback when one
 * is. Bounded (the least recently used entries go first when full); entries expire on their own time.
 */
public final class MemoryState implements SharedState {
    private static final System.Logger LOG = System.getLogger(MemoryState.class.getName());
    /** Most entries kept; a flood of distinct keys (one per client IP) evicts the least used instead of growing. */
    static final long MAX_ENTRIES = 1_000_000;

    private final Cache<String, Entry> entries;
    private final QuotaTable quotaCounters;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();

    public MemoryState() {
        this(MAX_ENTRIES);
    }

    MemoryState(long maxEntries) {
        // Cache upkeep runs on the calling thread, amortized: no task handed to another pool per write.
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(Runnable::run)
                .expireAfter(new EntryExpiry())
                .build();
        this.quotaCounters = new QuotaTable(maxEntries);
    }

    @Override
    public long increment(String key, long by, Duration ttl) {
        long now = System.nanoTime();
        Entry e = entries.asMap().compute(key, (k, old) -> old == null || old.expired(now) || old.bytes != null
                ? new Entry(by, null, now + ttl.toNanos())
                : new Entry(old.count + by, null, old.expiresAt));
        return e.count;
    }

    @Override
    public Optional<byte[]> getBytes(String key) {
        Entry e = entries.getIfPresent(key);
        if (e == null || e.expired(System.nanoTime())) {
            return Optional.empty();
        }
        return Optional.of(e.bytes != null ? e.bytes.clone() : Long.toString(e.count).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void setBytes(String key, byte[] value, Duration ttl) {
        entries.put(key, new Entry(0, value.clone(), System.nanoTime() + ttl.toNanos()));
    }

    @Override
    public boolean delete(String key) {
        Entry e = entries.asMap().remove(key);
        return e != null && !e.expired(System.nanoTime());
    }

    @Override
    public long deleteByPrefix(String prefix) {
        long[] n = {0};
        entries.asMap().keySet().removeIf(k -> k.startsWith(prefix) && ++n[0] > 0);
        return n[0];
    }

    @Override
    public QuotaDecision consume(String id, List<Quota> quotas, long cost, long nowMillis, boolean sliding) {
        return quotaCounters.counters(id).consume(quotas, cost, nowMillis, sliding);
    }

    @Override
    public void publish(String channel, String message) {
        for (Consumer<String> listener : subscribers.getOrDefault(channel, List.of())) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a subscriber of channel " + channel + " failed", e);
            }
        }
    }

    @Override
    public AutoCloseable subscribe(String channel, Consumer<String> listener) {
        List<Consumer<String>> list = subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    @Override
    public boolean isShared() {
        return false;
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** A counter (bytes null) or a value, and when it expires (System.nanoTime). */
    private record Entry(long count, byte[] bytes, long expiresAt) {
        boolean expired(long now) {
            return now - expiresAt >= 0;
        }
    }

    private static final class EntryExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry value, long currentTime) {
            return Math.max(0, value.expiresAt - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
            return Math.max(0, value.expiresAt - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
