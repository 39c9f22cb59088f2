package io.portico.runtime.state;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisSettingsTest {

    @Test
    void standaloneWithUserPasswordDatabaseAndOptions() {
        RedisSettings s = RedisSettings.parse("redis://app:s%40cret@cache.internal:6380/2?timeout=5ms&pool_size=8");
        assertEquals(RedisSettings.Kind.STANDALONE, s.kind());
        assertEquals(List.of(new RedisSettings.Node("cache.internal", 6380)), s.nodes());
        assertEquals("app", s.user());
        assertEquals("s@cret", s.password());
        assertEquals(2, s.database());
        assertEquals(Duration.ofMillis(5), s.timeout());
        assertEquals(8, s.poolSize());
        assertFalse(s.tls());
        assertFalse(s.toString().contains("cret"), "never the password: " + s);
    }

    @Test
    void defaults() {
        RedisSettings s = RedisSettings.parse("redis://localhost");
        assertEquals(6379, s.nodes().getFirst().port());
        assertEquals(RedisSettings.DEFAULT_TIMEOUT, s.timeout());
        assertNull(s.password());
        assertEquals(0, s.database());
    }

    @Test
    void aPasswordWithoutUser() {
        assertEquals("secret", RedisSettings.parse("redis://secret@h:1").password());
        assertEquals("secret", RedisSettings.parse("redis://:secret@h:1").password());
        assertNull(RedisSettings.parse("redis://:secret@h:1").user());
    }

    @Test
    void tlsSentinelAndCluster() {
        RedisSettings tls = RedisSettings.parse("rediss://h:6380?verify=false");
        assertTrue(tls.tls());
        assertFalse(tls.verify());
        RedisSettings sentinel = RedisSettings.parse("redis-sentinel://s1:26379,s2/mymaster/1?sentinel_password=x");
        assertEquals(RedisSettings.Kind.SENTINEL, sentinel.kind());
        assertEquals(List.of(new RedisSettings.Node("s1", 26379), new RedisSettings.Node("s2", 26379)),
                sentinel.nodes());
        assertEquals("mymaster", sentinel.masterName());
        assertEquals(1, sentinel.database());
        assertEquals("x", sentinel.sentinelPassword());
        RedisSettings cluster = RedisSettings.parse("redis-cluster://a:7000,[::1]:7001");
        assertEquals(RedisSettings.Kind.CLUSTER, cluster.kind());
        assertEquals(new RedisSettings.Node("::1", 7001), cluster.nodes().get(1));
    }

    @Test
    void badUrlsAreExplained() {
        assertMessage("unknown Redis URL scheme 'http'", "http://h");
        assertMessage("not a Redis URL", "localhost:6379");
        assertMessage("names one host", "redis://a:1,b:2");
        assertMessage("needs the master name", "redis-sentinel://s1:26379");
        assertMessage("bad Redis port 'x'", "redis://h:x");
        assertMessage("unknown Redis URL option 'timout'", "redis://h?timout=5ms");
        assertMessage("bad Redis option timeout='soon'", "redis://h?timeout=soon");
        assertMessage("only database 0", "redis-cluster://a:1/3");
    }

    private static void assertMessage(String expected, String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
