package io.portico.runtime.demo;

import io.portico.runtime.testing.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every step of the tour `portico demo` prints, through a real gateway in front of the real demo services. */
class DemoTourTest {
    static DemoServices services;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        services = DemoServices.start();
        gw = GatewayFixture.start(DemoConfig.render(services));
    }

    @AfterAll
    static void stop() {
        gw.close();
        services.close();
    }

    @Test
    void listAndFetchUsers() {
        var list = gw.get("/api/users");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("Ada Lovelace"), list.body());
        assertTrue(list.headers().firstValue("X-Correlation-ID").isPresent());
        var one = gw.get("/api/users/123");
        assertEquals(200, one.statusCode());
        assertTrue(one.body().contains("\"id\":\"123\""), one.body());
    }

    @Test
    void usersAreRateLimited() {
        var r = gw.get("/api/users/123");
        assertEquals("30", r.headers().firstValue("X-RateLimit-Limit-Minute").orElse(null));
        assertTrue(r.headers().firstValue("X-RateLimit-Remaining-Minute").isPresent());
    }

    @Test
    void ordersNeedTheDemoKey() {
        var refused = gw.get("/api/orders?user=123");
        assertEquals(401, refused.statusCode());
        assertEquals(200, withKey("/api/orders?user=123").statusCode());
        assertEquals(200, withKey("/api/orders/recent?user=123").statusCode());
        assertEquals(200, gw.get("/api/recommendations/123").statusCode());
    }

    private static java.net.http.HttpResponse<String> withKey(String path) {
        return gw.send(gw.request(path).header("apikey", DemoCredentials.API_KEY).build());
    }

    @Test
    void theHomeScreenMergesThreeServicesInOneCall() throws Exception {
        var home = withKey("/api/home?user=123");
        assertEquals(200, home.statusCode(), home.body());
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(home.body());
        assertEquals("Ada Lovelace", body.at("/user/name").asText());
        assertEquals("123", body.at("/orders/0/user").asText());
        assertEquals("BK-002", body.at("/recommendations/0/sku").asText());
        assertEquals("true", home.headers().firstValue("X-Portico-Completed").orElseThrow());

        var noKey = gw.get("/api/home?user=123");
        assertEquals(200, noKey.statusCode());
        assertEquals("false", noKey.headers().firstValue("X-Portico-Completed").orElseThrow());
        assertTrue(!noKey.body().contains("\"orders\""), "orders' key-auth refused the call: " + noKey.body());
        assertEquals(502, gw.get("/api/home?user=999").statusCode(), "no such user: the required call failed");
    }

    @Test
    void recommendationsComeFromTheCacheTheSecondTime() {
        gw.get("/api/recommendations/124");
        assertEquals("Hit", gw.get("/api/recommendations/124").headers().firstValue("X-Cache-Status").orElseThrow());
    }

    @Test
    void paymentsNeedTheDemoToken() {
        var body = HttpRequest.BodyPublishers.ofString("{\"order\":\"1001\",\"amount\":24.0}");
        assertEquals(401, gw.send(gw.request("/api/payments").POST(body).build()).statusCode());
        var paid = gw.send(gw.request("/api/payments").header("Authorization", "Bearer " + DemoCredentials.token())
                .header("Content-Type", "application/json").POST(body).build());
        assertEquals(201, paid.statusCode(), paid.body());
    }

    @Test
    void theTourPrintsAWorkingKeyAndToken() {
        String tour = DemoTour.curlCommands("http://localhost:8000");
        assertTrue(tour.contains("apikey: " + DemoCredentials.API_KEY), tour);
        assertTrue(tour.contains("Authorization: Bearer ey"), tour);
    }

    @Test
    void createAnOrder() {
        var res = gw.send(gw.request("/api/orders").header("Content-Type", "application/json")
                .header("apikey", DemoCredentials.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"123\",\"items\":[{\"sku\":\"PN-008\",\"quantity\":1}]}"))
                .build());
        assertEquals(201, res.statusCode(), res.body());
        assertTrue(res.body().contains("PN-008"), res.body());
    }

    @Test
    void maintenanceAndNoRoute() {
        var maintenance = gw.get("/api/maintenance");
        assertEquals(503, maintenance.statusCode());
        assertEquals("{\"message\":\"Down for maintenance, back in five minutes\"}", maintenance.body());
        var none = gw.get("/nowhere");
        assertEquals(404, none.statusCode());
        assertEquals("{\"message\":\"no Route matched with those values\"}", none.body());
    }

    @Test
    void echoShowsForwardingAndCorrelation() {
        var echo = gw.get("/api/users/echo");
        assertEquals(200, echo.statusCode());
        String body = echo.body().toLowerCase();
        assertTrue(body.contains("x-forwarded-for"), body);
        assertTrue(body.contains("x-correlation-id"), body);
        var kept = gw.send(gw.request("/api/users/echo").header("X-Correlation-ID", "my-trace-42").build());
        assertTrue(kept.body().contains("my-trace-42"), kept.body());
        assertEquals("my-trace-42", kept.headers().firstValue("X-Correlation-ID").orElseThrow());
        assertNotEquals(gw.get("/api/users").headers().firstValue("X-Correlation-ID"),
                gw.get("/api/users").headers().firstValue("X-Correlation-ID"));
    }

    @Test
    void ordersAreBalancedOverTwoHealthCheckedInstances() throws Exception {
        java.util.Set<String> instances = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            instances.add(withKey("/api/orders?user=123").headers().firstValue("X-Demo-Instance").orElseThrow());
        }
        assertEquals(java.util.Set.of("orders", "orders2"), instances);
        var admin = new io.portico.runtime.testing.AdminClient(gw.adminPort());
        var health = io.portico.runtime.testing.AdminClient.json(admin.get("/upstreams/orders.internal/health"));
        assertEquals(2, health.path("total").asInt());
        for (var target : health.path("data")) {
            assertEquals("HEALTHY", target.path("health").asText(), health.toString());
        }
        assertTrue(DemoTour.curlCommands("http://localhost:8000").contains("/upstreams/orders.internal/health"));
    }
}
