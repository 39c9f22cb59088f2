package io.portico.plugins.proxycache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.portico.plugin.SharedState;

import java.time.Duration;
import java.util.Optional;

/**
 * Where one proxy-cache keeps its responses. Calls may throw {@link io.portico.plugin.StateUnavailableException}
 * (Redis down): the plugin then bypasses the cache.
 */
interface CacheStore {

    Optional<CachedResponse> fetch(String key);

    void store(String key, CachedResponse response, long storageTtlSeconds);

    /** Whether it was there. */
    boolean purge(String key);

    void flush();

    /** This node's memory: a Caffeine cache bounded by size, each entry expiring after its own storage TTL. */
    static CacheStore memory(long maxBytes) {
        record Stored(CachedResponse response, long ttlNanos) {
        }
        Cache<String, Stored> cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<String, Stored>weigher((key, stored) -> stored.response().weight() + key.length())
                .expireAfter(new Expiry<String, Stored>() {
                    @Override
                    public long expireAfterCreate(String key, Stored stored, long now) {
                        return stored.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Stored stored, long now, long current) {
                        return stored.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Stored stored, long now, long current) {
                        return current;
                    }
                })
                .build();
        return new CacheStore() {
            @Override
            public Optional<CachedResponse> fetch(String key) {
                return Optional.ofNullable(cache.getIfPresent(key)).map(Stored::response);
            }

            @Override
            public void store(String key, CachedResponse response, long storageTtlSeconds) {
                cache.put(key, new Stored(response, Duration.ofSeconds(storageTtlSeconds).toNanos()));
            }

            @Override
            public boolean purge(String key) {
                return cache.asMap().remove(key) != null;
            }

            @Override
            public void flush() {
                cache.invalidateAll();
            }
        };
    }

    /** Redis through the node's shared state: one cache for every node. */
    static CacheStore shared(SharedState state) {
        String prefix = "proxy-cache:";
        return new CacheStore() {
            @Override
            public Optional<CachedResponse> fetch(String key) {
                return state.getBytes(prefix + key).map(CachedResponse::fromBytes);
            }

            @Override
            public void store(String key, CachedResponse response, long storageTtlSeconds) {
                state.setBytes(prefix + key, response.toBytes(), Duration.ofSeconds(storageTtlSeconds));
            }

            @Override
            public boolean purge(String key) {
                return state.delete(prefix + key);
            }

            @Override
            public void flush() {
                state.deleteByPrefix(prefix);
            }
        };
    }
}
