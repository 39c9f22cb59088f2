package io.portico.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import io.portico.runtime.testing.ProxyLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.portico.runtime.testing.UpstreamConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Active and passive health checks through a real gateway, with real upstream servers going down and up. */
class HealthChecksThroughGatewayTest {
    private final List<NamedUpstream> upstreams = new ArrayList<>();

    @AfterEach
    void stop() {
        upstreams.forEach(NamedUpstream::close);
    }

    private NamedUpstream start(String name, int port) {
        NamedUpstream u = NamedUpstream.start(name, port);
        upstreams.add(u);
        return u;
    }

    private static final String ACTIVE = """
            healthchecks:
              active:
                http_path: /health
                timeout: 1
                healthy: {interval: 0.2, successes: 2}
                unhealthy: {interval: 0.2, tcp_failures: 2, http_failures: 2, timeouts: 2}
            """;

    @Test
    void aKilledTargetCostsNoRequestAndIsMarkedDownThenBackByActiveChecks() throws Exception {
        List<NamedUpstream> targets = List.of(start("orders", 0), start("orders", 0), start("orders", 0));
        NamedUpstream victim = targets.get(2);
        int port = victim.port();
        try (GatewayFixture gw = GatewayFixture.start(config(ACTIVE, targets));
             ProxyLoad load = ProxyLoad.start(gw.port(), 4, Map.of("/orders", "orders"))) {
            AdminClient admin = new AdminClient(gw.adminPort());
            awaitAddress(admin, port, a -> a.path("health").asText().equals("HEALTHY")
                    && victim.probes() > 0, "probed from the start");
            load.awaitProgress(200);

            victim.close();
            JsonNode down = awaitAddress(admin, port, a -> a.path("health").asText().equals("UNHEALTHY"), "down");
            assertEquals("active", down.path("decided_by").asText());
            assertTrue(down.path("reason").asText().contains("(2 in a row)"), down.toString());
            load.awaitProgress(200);

            NamedUpstream restarted = start("orders", port);
            JsonNode up = awaitAddress(admin, port, a -> a.path("health").asText().equals("HEALTHY"), "back");
            assertEquals("active", up.path("decided_by").asText());
            assertTrue(up.path("reason").asText().contains("(2 successes)"), up.toString());
            long before = restarted.requests();
            load.awaitProgress(300);
            assertTrue(restarted.requests() > before, "traffic reaches the restarted target again");
            assertEquals(0, load.failed(), "clients saw errors: " + load.failures());
        }
    }

    @Test
    void aTargetAnswering500sIsTakenOutPassivelyAndBroughtBackByHalfOpenProbes() throws Exception {
        NamedUpstream good = start("good", 0);
        NamedUpstream bad = start("bad", 0).status(500);
        String checks = """
                healthchecks:
                  active:
                    http_path: /ping
                  passive:
                    unhealthy: {http_failures: 3}
                    healthy: {successes: 2}
                    half_open: {cool_down: 0.3, probes: 2}
                """;
        try (GatewayFixture gw = GatewayFixture.start(config(checks, List.of(good, bad)))) {
            AdminClient admin = new AdminClient(gw.adminPort());
            int errors = 0;
            for (int i = 0; i < 30; i++) {
                errors += gw.get("/").statusCode() == 500 ? 1 : 0;
            }
            assertEquals(3, bad.requests(), "three 500s take it out");
            assertEquals(3, errors);
            JsonNode down = awaitAddress(admin, bad.port(), a -> a.path("health").asText().equals("UNHEALTHY"), "down");
            assertEquals("passive", down.path("decided_by").asText());
            assertTrue(down.path("reason").asText().contains("HTTP 500"), down.toString());

            // half-open probes keep failing while it answers 500
            long probes = bad.probes();
            awaitAddress(admin, bad.port(), a -> bad.probes() > probes, "probed again after the cool-down");
            assertEquals("UNHEALTHY", address(admin, bad.port()).path("health").asText());

            bad.status(200);
            JsonNode up = awaitAddress(admin, bad.port(), a -> a.path("health").asText().equals("HEALTHY"), "back");
            assertEquals("half_open", up.path("decided_by").asText());
            for (int i = 0; i < 10; i++) {
                assertEquals(200, gw.get("/").statusCode());
            }
            assertEquals(8, bad.requests(), "it takes its share again");
        }
    }

    @Test
    void healthEndpointHasKongsShape() {
        NamedUpstream a = start("a", 0);
        try (GatewayFixture gw = GatewayFixture.start(config(ACTIVE, List.of(a), 10)
                + "  - target: 127.0.0.1:1\n    weight: 0\n")) {
            AdminClient admin = new AdminClient(gw.adminPort());
            JsonNode body = AdminClient.json(admin.get("/upstreams/backend/health"));
            assertEquals(2, body.path("total").asInt());
            assertEquals(gw.gateway().nodeId(), body.path("node_id").asText());
            assertTrue(body.path("next").isNull());
            JsonNode first = body.path("data").get(0);
            assertEquals("127.0.0.1:" + a.port(), first.path("target").asText());
            assertEquals(10, first.path("weight").asInt());
            assertEquals("HEALTHY", first.path("health").asText());
            assertEquals(10, first.path("data").path("weight").path("available").asInt());
            assertEquals(a.port(), first.path("data").path("addresses").get(0).path("port").asInt());
            assertEquals("HEALTHY", AdminClient.json(admin.get("/upstreams/backend/health?balancer_health=1"))
                    .path("data").path("health").asText());
            assertEquals(404, admin.get("/upstreams/nope/health").statusCode());
        }
        try (GatewayFixture gw = GatewayFixture.start(config("", List.of(a)))) {
            JsonNode body = AdminClient.json(new AdminClient(gw.adminPort()).get("/upstreams/backend/health"));
            assertEquals("HEALTHCHECKS_OFF", body.path("data").get(0).path("health").asText());
        }
    }

    @Test
    void anAdminCanSetATargetsHealthAsInKong() {
        NamedUpstream a = start("a", 0);
        NamedUpstream b = start("b", 0);
        try (GatewayFixture gw = GatewayFixture.start(config("", List.of(a, b)))) {
            AdminClient admin = new AdminClient(gw.adminPort());
            String target = "/upstreams/backend/targets/127.0.0.1:" + b.port();
            assertEquals(204, post(admin, target + "/unhealthy"));
            for (int i = 0; i < 10; i++) {
                assertEquals("a", gw.get("/").body());
            }
            JsonNode down = address(admin, b.port());
            assertEquals("UNHEALTHY", down.path("health").asText());
            assertEquals("admin", down.path("decided_by").asText());
            assertEquals("HEALTHCHECKS_OFF", address(admin, a.port()).path("health").asText());

            assertEquals(204, post(admin, target + "/healthy"));
            for (int i = 0; i < 10; i++) {
                gw.get("/");
            }
            assertEquals(5, b.requests());
            assertEquals(404, post(admin, "/upstreams/backend/targets/127.0.0.1:1/healthy"));
            assertEquals(404, post(admin, "/upstreams/nope/targets/127.0.0.1:1/healthy"));
        }
    }

    private static int post(AdminClient admin, String path) {
        return admin.send(admin.request(path).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build())
                .statusCode();
    }

    /** This address's entry in the health endpoint. */
    static JsonNode address(AdminClient admin, int port) {
        JsonNode body = AdminClient.json(admin.get("/upstreams/backend/health"));
        for (JsonNode target : body.path("data")) {
            for (JsonNode address : target.path("data").path("addresses")) {
                if (address.path("port").asInt() == port) {
                    return address;
                }
            }
        }
        throw new AssertionError("no address with port " + port + " in " + body);
    }

    /** Polls the health endpoint until the address matches (a bound of 20 s against hanging, not a measure). */
    static JsonNode awaitAddress(AdminClient admin, int port, Predicate<JsonNode> test, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = address(admin, port);
            if (test.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never " + what + ": " + last);
    }
}
