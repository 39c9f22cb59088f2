package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayProcess;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.RedisProcess;
import io.portico.runtime.testing.StatusCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis dies under two gateway processes and comes back: each route degrades as its {@code on_store_failure} says,
 * the operator is told, and shared limiting resumes by itself.
 */
class RateLimitingRedisOutageTest {
    @TempDir
    static Path dir;
    static RedisProcess redis;
    static RecordingUpstream upstream;
    static final List<GatewayProcess> nodes = new ArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
        upstream = RecordingUpstream.start("svc");
        String yaml = """
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: allow
                    paths: [/allow]
                    plugins:
                    - name: rate-limiting
                      config: {minute: 1000, policy: cluster, limit_by: ip}
                  - name: deny
                    paths: [/deny]
                    plugins:
                    - name: rate-limiting
                      config: {minute: 5, policy: cluster, limit_by: ip, on_store_failure: deny}
                  - name: local
                    paths: [/local]
                    plugins:
                    - name: rate-limiting
                      config: {minute: 5, policy: cluster, limit_by: ip, on_store_failure: local}
                """.formatted(upstream.url());
        for (int i = 0; i < 2; i++) {
            nodes.add(GatewayProcess.start(dir, yaml, "--redis",
                    redis.url("timeout=500ms&connect_timeout=500ms&breaker_failures=3&breaker_pause=500ms")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (GatewayProcess node : nodes) {
            node.close();
        }
        upstream.close();
        redis.close();
    }

    @Test
    void eachRouteDegradesAsConfiguredAndSharedLimitingResumes() throws Exception {
        RateLimitingClusterTest.awaitRoomInTheMinute();
        assertEquals(200, get(nodes.get(0), "/deny").statusCode(), "Redis up: counted there");

        // Redis dies in the middle of a load: with allow, not one of its requests fails.
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CompletableFuture<Map<Integer, Integer>> load =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    Map<Integer, Integer> counts = new java.util.TreeMap<>();
                    for (int i = 0; loading.get() || i < 20; i++) {
                        try {
                            counts.merge(get(nodes.get(i % nodes.size()), "/allow").statusCode(), 1, Integer::sum);
                        } catch (Exception e) {
                            counts.merge(-1, 1, Integer::sum);
                        }
                    }
                    return counts;
                });
        Thread.sleep(300);
        redis.kill();
        Thread.sleep(700);
        loading.set(false);
        Map<Integer, Integer> duringKill = load.get();
        assertEquals(java.util.Set.of(200), duringKill.keySet(), "allow: nothing fails " + duringKill);
        assertEquals(Map.of(200, 40), spread("/allow", 40), "allow: nothing fails");
        for (GatewayProcess node : nodes) {
            HttpResponse<String> denied = get(node, "/deny");
            assertEquals(503, denied.statusCode());
            assertEquals("{\"message\":\"rate limiting is unavailable\"}", denied.body());
        }
        assertEquals(Map.of(200, 10, 429, 10), spread("/local", 20), "local: 5 per node");
        for (GatewayProcess node : nodes) {
            assertTrue(node.output().contains("DEGRADED"), "the operator is told: " + node.output());
            String status = get(node.adminUrl(), "/status").body();
            assertTrue(status.contains("\"degraded\":true"), status);
        }

        redis.restart(); // empty: its counters are gone
        for (GatewayProcess node : nodes) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status;
            do {
                Thread.sleep(100);
                status = get(node, "/deny").statusCode();
            } while (status != 200 && System.nanoTime() < deadline);
            assertEquals(200, status, "Redis is used again without a restart of the node");
            assertTrue(get(node.adminUrl(), "/status").body().contains("\"degraded\":false"));
        }
        // Shared again: 2 of the new Redis's 5 are used by the probes above; 3 remain for both nodes together.
        assertEquals(Map.of(200, 3, 429, 7), spread("/deny", 10));
    }

    static Map<Integer, Integer> spread(String path, int total) throws Exception {
        return StatusCounts.of(total, 1, i -> get(nodes.get(i % nodes.size()), path).statusCode());
    }

    static HttpResponse<String> get(GatewayProcess node, String path) throws Exception {
        return get(node.url(), path);
    }

    static HttpResponse<String> get(String base, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
