package io.portico.runtime.plugins;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** proxy-cache through a real gateway and upstream, with Kong's headers and admin endpoints. */
class ProxyCacheThroughGatewayTest {
    static final AtomicInteger served = new AtomicInteger();
    static RecordingUpstream upstream;
    static NamedUpstream held;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc").respondWith((exchange, r) -> {
            int n = served.incrementAndGet();
            String type = r.rawPath().endsWith("/html") ? "text/html" : "application/json";
            Map<String, String> headers = r.rawPath().endsWith("/cc")
                    ? Map.of("Content-Type", type, "Cache-Control", "max-age=300") : Map.of("Content-Type", type);
            RecordingUpstream.send(exchange, 200, headers, "{\"n\":" + n + "}");
        });
        held = NamedUpstream.start("held");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: ada
                  keyauth_credentials: [{key: ada-key-0123456789}]
                - username: bob
                  keyauth_credentials: [{key: bob-key-0123456789}]
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: plain
                    paths: [/plain]
                    plugins: [{name: proxy-cache, config: {strategy: memory}}]
                  - name: vary
                    paths: [/vary]
                    plugins:
                    - name: proxy-cache
                      config: {strategy: memory, vary_query_params: [page], vary_headers: [X-Lang]}
                  - name: cc
                    paths: [/cc]
                    plugins: [{name: proxy-cache, config: {strategy: memory, cache_control: true}}]
                  - name: per-consumer
                    paths: [/per-consumer]
                    plugins:
                    - {name: key-auth}
                    - {name: proxy-cache, config: {strategy: memory}}
                - name: held
                  url: %s
                  routes:
                  - name: stampede
                    paths: [/stampede]
                    plugins: [{name: proxy-cache, config: {strategy: memory, content_type: [text/plain]}}]
                """.formatted(upstream.url(), held.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
        held.close();
    }

    static String status(HttpResponse<String> r) {
        return r.headers().firstValue("X-Cache-Status").orElse("none");
    }

    static String key(HttpResponse<String> r) {
        return r.headers().firstValue("X-Cache-Key").orElseThrow();
    }

    @Test
    void aMissIsStoredAndTheNextRequestIsAHit() {
        var miss = gw.get("/plain/a?x=1");
        assertEquals("Miss", status(miss));
        assertTrue(key(miss).matches("[0-9a-f]{64}"), key(miss));
        int before = upstream.received().size();
        var hit = gw.get("/plain/a?x=1");
        assertEquals(200, hit.statusCode());
        assertEquals("Hit", status(hit));
        assertEquals(miss.body(), hit.body());
        assertEquals(key(miss), key(hit));
        assertTrue(hit.headers().firstValue("Age").isPresent());
        assertEquals("application/json", hit.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(before, upstream.received().size(), "a hit never reaches the upstream");
        assertEquals("Miss", status(gw.get("/plain/a?x=2")), "other query parameters, other key");
        assertEquals("Miss", status(gw.get("/plain/A?x=1")), "the path's case counts (ignore_uri_case false)");
    }

    @Test
    void requestsAndResponsesThatCannotBeCachedBypass() {
        var post = gw.send(gw.request("/plain/p").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals("Bypass", status(post));
        assertTrue(post.headers().firstValue("X-Cache-Key").isEmpty());
        var html = gw.get("/plain/html");
        assertEquals("Bypass", status(html), "text/html is not in content_type");
        assertEquals("Bypass", status(gw.get("/plain/html")), "and was not stored");
        assertNotEquals(html.body(), gw.get("/plain/html").body());
    }

    @Test
    void varyQueryParamsAndHeadersChooseWhatMakesTheKey() {
        var first = gw.send(gw.request("/vary/x?page=1&utm=a").header("X-Lang", "en").build());
        assertEquals("Miss", status(first));
        var sameKey = gw.send(gw.request("/vary/x?utm=b&page=1").header("X-Lang", "en").build());
        assertEquals("Hit", status(sameKey), "utm is not in vary_query_params");
        assertEquals(first.body(), sameKey.body());
        assertEquals("Miss", status(gw.send(gw.request("/vary/x?page=2").header("X-Lang", "en").build())));
        assertEquals("Miss", status(gw.send(gw.request("/vary/x?page=1").header("X-Lang", "de").build())));
    }

    @Test
    void eachConsumerHasItsOwnEntries() {
        var ada = gw.send(gw.request("/per-consumer/x").header("apikey", "ada-key-0123456789").build());
        var bob = gw.send(gw.request("/per-consumer/x").header("apikey", "bob-key-0123456789").build());
        assertEquals("Miss", status(ada));
        assertEquals("Miss", status(bob));
        assertNotEquals(key(ada), key(bob));
        assertEquals("Hit", status(gw.send(gw.request("/per-consumer/x").header("apikey", "ada-key-0123456789")
                .build())));
    }

    @Test
    void cacheControlRefreshesWhatTheClientFindsTooOldAndHonoursNoCache() {
        assertEquals("Miss", status(gw.get("/cc/cc")));
        assertEquals("Hit", status(gw.get("/cc/cc")));
        var refresh = gw.send(gw.request("/cc/cc").header("Cache-Control", "min-fresh=1000").build());
        assertEquals("Refresh", status(refresh), "stored for 300 s, the client wants 1000 s of freshness");
        var hit = gw.get("/cc/cc");
        assertEquals("Hit", status(hit));
        assertEquals(refresh.body(), hit.body(), "the refresh was stored");
        assertEquals("Bypass", status(gw.send(gw.request("/cc/cc").header("Cache-Control", "no-cache").build())));
        assertEquals("Bypass", status(gw.get("/cc/no-max-age")), "no max-age, no Expires: nothing to cache for");
        var onlyCached = gw.send(gw.request("/cc/never").header("Cache-Control", "only-if-cached").build());
        assertEquals(504, onlyCached.statusCode());
    }

    @Test
    void theAdminApiShowsAndPurgesEntries() throws Exception {
        AdminClient admin = new AdminClient(gw.adminPort());
        String key = key(gw.get("/plain/purge-me"));
        var shown = admin.get("/proxy-cache/" + key);
        assertEquals(200, shown.statusCode(), shown.body());
        assertEquals(200, AdminClient.json(shown).get("status").asInt());
        assertTrue(AdminClient.json(shown).get("body").asText().startsWith("{\"n\":"));

        var deleted = admin.send(admin.request("/proxy-cache/" + key).DELETE().build());
        assertEquals(204, deleted.statusCode());
        assertEquals(404, admin.send(admin.request("/proxy-cache/" + key).DELETE().build()).statusCode());
        assertEquals(404, admin.get("/proxy-cache/" + key).statusCode());
        assertEquals("Miss", status(gw.get("/plain/purge-me")));
        assertEquals("Hit", status(gw.get("/plain/purge-me")));

        assertEquals(204, admin.send(admin.request("/proxy-cache").DELETE().build()).statusCode());
        assertEquals("Miss", status(gw.get("/plain/purge-me")), "DELETE /proxy-cache emptied every cache");
        String pluginId = AdminClient.json(admin.get("/routes/plain/plugins")).at("/data/0/id").asText();
        key = key(gw.get("/plain/purge-me"));
        assertEquals(200, admin.get("/proxy-cache/" + pluginId + "/caches/" + key).statusCode());
        assertEquals(204, admin.send(admin.request("/proxy-cache/" + pluginId + "/caches/" + key).DELETE().build())
                .statusCode());
        assertEquals(404, admin.get("/proxy-cache/" + pluginId + "/caches/" + key).statusCode());
    }

    @Test
    void aStampedeOfConcurrentMissesMakesOneUpstreamRequest() throws Exception {
        held.hold();
        long before = held.requests();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                responses.add(gw.client().sendAsync(gw.request("/stampede/popular").build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(held.awaitHeld(30), "the first miss reached the upstream");
        } finally {
            held.release();
        }
        for (var response : responses) {
            HttpResponse<String> r = response.get();
            assertEquals(200, r.statusCode());
            assertEquals("held", r.body());
        }
        assertEquals(1, held.requests() - before, "one upstream request for 100 concurrent misses");
        assertEquals(1, responses.stream().filter(r -> status(r.join()).equals("Miss")).count());
    }

    @Test
    void theRedisStrategyIsSharedByNodesAndAFailingRedisIsBypassed() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            String yaml = """
                    _format_version: "3.0"
                    services:
                    - name: svc
                      url: %s
                      routes:
                      - name: shared
                        paths: [/shared]
                        plugins: [{name: proxy-cache, config: {strategy: redis, redis: {url: "%s"}}}]
                    """.formatted(upstream.url(), redis.url());
            try (GatewayFixture one = GatewayFixture.start(yaml); GatewayFixture two = GatewayFixture.start(yaml)) {
                var miss = one.get("/shared/x");
                assertEquals("Miss", status(miss));
                var hit = two.get("/shared/x");
                assertEquals("Hit", status(hit), "the other node found it in Redis");
                assertEquals(miss.body(), hit.body());
                assertEquals(204, new AdminClient(two.adminPort()).send(new AdminClient(two.adminPort())
                        .request("/proxy-cache").DELETE().build()).statusCode());
                assertEquals("Miss", status(one.get("/shared/x")), "purged in Redis for every node");

                redis.kill();
                var down = one.get("/shared/x");
                assertEquals(200, down.statusCode(), "Redis down never fails a request");
                assertEquals("Bypass", status(down));
            }
        }
    }

    @Test
    void strategyIsRequiredAndRedisNeedsARedis() {
        var pipeline = new ConfigPipeline(PluginRegistry.bundled());
        var missing = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                plugins: [{name: proxy-cache}]
                """, "pc.yaml"));
        assertTrue(missing.getMessage().contains("'config.strategy': required field missing"), missing.getMessage());
        var noRedis = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                plugins: [{name: proxy-cache, config: {strategy: redis}}]
                """, "pc.yaml"));
        assertTrue(noRedis.getMessage().contains("'config.strategy': redis needs a Redis"), noRedis.getMessage());
        assertFalse(noRedis.getMessage().isEmpty());
    }
}
