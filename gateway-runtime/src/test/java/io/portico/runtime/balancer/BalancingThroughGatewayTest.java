package io.portico.runtime.balancer;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.portico.runtime.testing.UpstreamConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each algorithm through a real gateway, over several real upstream servers. */
class BalancingThroughGatewayTest {
    private final List<NamedUpstream> upstreams = new ArrayList<>();

    @AfterEach
    void stop() {
        upstreams.forEach(NamedUpstream::close);
    }

    private List<NamedUpstream> start(String... names) {
        for (String name : names) {
            upstreams.add(NamedUpstream.start(name));
        }
        return List.copyOf(upstreams);
    }

    @Test
    void roundRobinFollowsTheWeights() {
        List<NamedUpstream> u = start("a", "b", "c");
        try (GatewayFixture gw = GatewayFixture.start(config("algorithm: round-robin", u, 100, 200, 300))) {
            for (int i = 0; i < 600; i++) {
                assertEquals(200, gw.get("/").statusCode());
            }
        }
        assertWithin(100, u.get(0).requests());
        assertWithin(200, u.get(1).requests());
        assertWithin(300, u.get(2).requests());
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= 600 * 0.02, "expected " + expected + " (±2%), got " + actual);
    }

    @Test
    void consistentHashingKeepsKeysAndRemovingATargetMovesOnlyItsShare() throws Exception {
        List<NamedUpstream> u = start("a", "b", "c", "d");
        String fields = "hash_on: header\nhash_on_header: X-User";
        Map<String, String> before = new HashMap<>();
        try (GatewayFixture gw = GatewayFixture.start(config(fields, u))) {
            for (int k = 0; k < 200; k++) {
                String key = "user-" + k;
                String first = byKey(gw, key);
                assertEquals(first, byKey(gw, key), "a key must stay on its target");
                before.put(key, first);
            }
            Map<String, Long> spread = before.values().stream()
                    .collect(Collectors.groupingBy(v -> v, Collectors.counting()));
            assertEquals(4, spread.size(), "keys spread over all targets: " + spread);

            gw.gateway().reload(config(fields, u.subList(0, 3)), "test"); // "d" removed
            int moved = 0;
            for (var e : before.entrySet()) {
                String now = byKey(gw, e.getKey());
                if (!now.equals(e.getValue())) {
                    moved++;
                    assertEquals("d", e.getValue(), "only keys of the removed target move");
                }
            }
            assertEquals(spread.get("d").intValue(), moved);
            assertTrue(moved > 200 * 0.15 && moved < 200 * 0.35, "about a quarter moved: " + moved);
        }
    }

    private static String byKey(GatewayFixture gw, String key) {
        HttpResponse<String> res = gw.send(gw.request("/").header("X-User", key).build());
        assertEquals(200, res.statusCode());
        return res.body();
    }

    @Test
    void consistentHashingOnACookieHandsOneOut() {
        List<NamedUpstream> u = start("a", "b");
        try (GatewayFixture gw = GatewayFixture.start(config("hash_on: cookie\nhash_on_cookie: lb\nhash_on_cookie_path: /app", u))) {
            HttpResponse<String> first = gw.get("/");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith("lb=") && cookie.contains("Path=/app"), cookie);
            String pair = cookie.substring(0, cookie.indexOf(';'));
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> again = gw.send(gw.request("/").header("Cookie", pair).build());
                assertEquals(first.body(), again.body());
                assertTrue(again.headers().firstValue("Set-Cookie").isEmpty());
            }
        }
    }

    @Test
    void leastConnectionsSendsNewRequestsAwayFromABusyTarget() throws Exception {
        List<NamedUpstream> u = start("a", "b");
        NamedUpstream busy = u.get(0).hold();
        try (GatewayFixture gw = GatewayFixture.start(config("algorithm: least-connections", u))) {
            // until one request is held on "a" (those on "b" come back at once)
            CompletableFuture<HttpResponse<String>> held = null;
            while (busy.requests() == 0) {
                held = gw.client().sendAsync(gw.request("/").build(), HttpResponse.BodyHandlers.ofString());
                while (!held.isDone() && busy.requests() == 0) {
                    Thread.sleep(5);
                }
            }
            assertTrue(busy.awaitHeld(10));
            long before = u.get(1).requests();
            for (int i = 0; i < 20; i++) {
                assertEquals("b", gw.get("/").body());
            }
            assertEquals(before + 20, u.get(1).requests());
            assertEquals(1, busy.requests());
            busy.release();
            assertEquals("a", held.get().body());
        }
    }

    @Test
    void latencyMovesTrafficOffASlowedTarget() {
        List<NamedUpstream> u = start("a", "b");
        try (GatewayFixture gw = GatewayFixture.start(config("algorithm: latency", u))) {
            for (int i = 0; i < 40; i++) {
                assertEquals(200, gw.get("/").statusCode());
            }
            assertTrue(u.get(0).requests() > 0 && u.get(1).requests() > 0, "both get traffic while equally fast");
            u.get(0).delay(300);
            long slowBefore = u.get(0).requests();
            for (int i = 0; i < 60; i++) {
                assertEquals(200, gw.get("/").statusCode());
            }
            long toSlow = u.get(0).requests() - slowBefore;
            assertTrue(toSlow <= 8, "the slowed target got " + toSlow + " of 60 requests");
        }
    }

    @Test
    void noTargetWithAWeightIsKongs503() {
        List<NamedUpstream> u = start("a");
        try (GatewayFixture gw = GatewayFixture.start(config("", u, 0))) {
            HttpResponse<String> res = gw.get("/");
            assertEquals(503, res.statusCode());
            assertEquals("{\"message\":\"failure to get a peer from the ring-balancer\"}", res.body());
            assertEquals(0, u.get(0).requests());
        }
    }

    @Test
    void aHostNameSpreadsOverItsAddresses() {
        List<NamedUpstream> u = start("a");
        String yaml = config("", u).replace("127.0.0.1:", "localhost:");
        try (GatewayFixture gw = GatewayFixture.start(yaml)) {
            HttpRequest request = gw.request("/").build();
            assertEquals("a", gw.send(request).body());
            UpstreamBalancer balancer = gw.gateway().config().upstreams().get("backend");
            assertEquals("127.0.0.1", balancer.targets().get(0).peers().get(0).address().host());
            assertEquals("localhost:" + u.get(0).port(), balancer.targets().get(0).peers().get(0).target());
        }
    }
}
