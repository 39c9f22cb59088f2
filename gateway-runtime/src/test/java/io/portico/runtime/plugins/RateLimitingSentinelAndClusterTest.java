package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.RedisClusterProcesses;
import io.portico.runtime.testing.RedisProcess;
import io.portico.runtime.testing.StatusCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rate-limiting on a Redis behind Sentinel (through a failover) and on a Redis Cluster of three masters. */
class RateLimitingSentinelAndClusterTest {
    static RecordingUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc");
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    static String config(String limits) {
        return """
                _format_version: "3.0"
                consumers:
                - username: alice
                  keyauth_credentials: [{key: alice-key}]
                - username: bob
                  keyauth_credentials: [{key: bob-key}]
                - username: carol
                  keyauth_credentials: [{key: carol-key}]
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: limited
                    paths: [/limited]
                    plugins:
                    - name: key-auth
                    - name: rate-limiting
                      config: %s
                """.formatted(upstream.url(), limits);
    }

    @Test
    void sentinelFailoverKeepsLimiting() throws Exception {
        RedisProcess master = RedisProcess.start();
        RedisProcess replica = RedisProcess.replicaOf(master);
        List<RedisProcess> sentinels = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                sentinels.add(RedisProcess.sentinel(master, "portico", 2));
            }
            String url = "redis-sentinel://" + String.join(",", sentinels.stream()
                    .map(s -> "127.0.0.1:" + s.port()).toList()) + "/portico?timeout=500ms&breaker_pause=200ms";
            RateLimitingClusterTest.awaitRoomInTheMinute();
            try (GatewayFixture gw = GatewayFixture.startWithRedis(
                    config("{minute: 20, policy: cluster, on_store_failure: allow}"), url)) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(String.valueOf(19 - i), remaining(gw.get("/limited?apikey=alice-key")));
                }
                awaitReplicated(replica);

                master.kill();
                awaitMaster(sentinels.getFirst(), replica.port());

                // Through the failover: allowed (on_store_failure: allow) until the client follows the new master,
                // then counted there again, on top of what the replica had copied.
                HttpResponse<String> r;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                do {
                    r = gw.get("/limited?apikey=alice-key");
                    assertEquals(200, r.statusCode());
                } while (remaining(r) == null && System.nanoTime() < deadline);
                assertNotNull(remaining(r), "counting resumed on the promoted replica");
                int left = Integer.parseInt(remaining(r));
                assertTrue(left < 15, "the replica kept the counts made before the failover: " + left);
                for (int i = 0; i < left; i++) {
                    assertEquals(200, gw.get("/limited?apikey=alice-key").statusCode());
                }
                assertEquals(429, gw.get("/limited?apikey=alice-key").statusCode());
            }
        } finally {
            for (RedisProcess s : sentinels) {
                s.close();
            }
            replica.close();
            master.close();
        }
    }

    @Test
    void redisClusterIsExactForEveryConsumer() throws Exception {
        try (RedisClusterProcesses cluster = RedisClusterProcesses.start()) {
            RateLimitingClusterTest.awaitRoomInTheMinute();
            try (GatewayFixture gw = GatewayFixture.startWithRedis(
                    config("{minute: 30, hour: 100, policy: redis, algorithm: sliding-window}"),
                    cluster.url("timeout=2s"))) {
                for (String key : List.of("alice-key", "bob-key", "carol-key")) {
                    assertEquals(Map.of(200, 30, 429, 30), burst(gw, "/limited?apikey=" + key, 60));
                }
            }
            long keys = 0;
            for (RedisProcess node : cluster.nodes()) {
                keys += Long.parseLong(node.command("DBSIZE").substring(1));
            }
            assertTrue(keys >= 6, "counters spread over the cluster's masters: " + keys);
        }
    }

    static Map<Integer, Integer> burst(GatewayFixture gw, String path, int total) throws Exception {
        return StatusCounts.of(total, 16, i -> gw.get(path).statusCode());
    }

    private static String remaining(HttpResponse<String> r) {
        return r.headers().firstValue("X-RateLimit-Remaining-Minute").orElse(null);
    }

    private static void awaitReplicated(RedisProcess replica) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (replica.command("KEYS", "portico:quota:*").isBlank() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void awaitMaster(RedisProcess sentinel, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String reply = sentinel.command("SENTINEL", "get-master-addr-by-name", "portico");
            if (reply != null && reply.contains(Integer.toString(port))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Sentinel did not promote the replica");
    }
}
