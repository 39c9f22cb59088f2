package io.portico.runtime.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aggregate through a real gateway, with real upstreams behind the services it calls. */
class AggregateThroughGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static RecordingUpstream users;
    static RecordingUpstream orders;
    static NamedUpstream slow;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        users = RecordingUpstream.start("users").respondWith((exchange, r) -> {
            if (r.rawPath().endsWith("/broken")) {
                RecordingUpstream.send(exchange, 500, Map.of("Content-Type", "application/json"), "{}");
                return;
            }
            String id = r.rawPath().substring(r.rawPath().lastIndexOf('/') + 1);
            RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "application/json"),
                    "{\"data\":{\"id\":\"u-" + id + "\",\"name\":\"Ada\",\"email\":\"ada@example.com\",\"tier\":\"gold\"}}");
        });
        orders = RecordingUpstream.start("orders");
        slow = NamedUpstream.start("slow");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: ada
                  keyauth_credentials: [{key: ada-key-0123456789}]
                services:
                - name: users
                  url: %s/users
                - name: orders
                  url: %s/orders
                  plugins: [{name: key-auth, config: {hide_credentials: true}}]
                - name: slow
                  url: %s
                routes:
                - name: home
                  paths: ["~/api/home/(?<section>[a-z]+)$"]
                  plugins:
                  - name: aggregate
                    config:
                      timeout: 5000
                      calls:
                      - key: user
                        service: users
                        path: /{query.user}
                        required: true
                        pick: /data
                        deny: [email]
                        rename: {name: full_name}
                      - key: orders
                        service: orders
                        path: /recent?user={user.data.id}&section={path.section}
                        headers: {X-Forwarded-For: "{header.x-forwarded-for}", X-Asked-By: "{header.x-asked-by}"}
                      - key: extra
                        service: slow
                        path: /recommendations
                        timeout: 300
                - name: broken
                  paths: [/api/broken]
                  plugins:
                  - name: aggregate
                    config:
                      calls:
                      - {key: user, service: users, path: /broken, required: true}
                      - {key: extra, service: users, path: /1}
                - name: nothing
                  paths: [/api/nothing]
                  plugins:
                  - name: aggregate
                    config:
                      calls:
                      - {key: a, service: users, path: /broken}
                      - {key: b, service: slow, path: /x, timeout: 200}
                - name: deadline
                  paths: [/api/deadline]
                  plugins:
                  - name: aggregate
                    config:
                      timeout: 400
                      calls:
                      - {key: user, service: users, path: /1}
                      - {key: extra, service: slow, path: /x}
                      - {key: after, service: users, path: "/{extra.id}"}
                - name: me
                  paths: [/api/me]
                  plugins:
                  - name: key-auth
                  - name: aggregate
                    config:
                      calls:
                      - {key: me, service: users, path: "/{consumer.username}", pick: /data/id}
                - name: post
                  paths: [/api/post]
                  plugins:
                  - name: aggregate
                    config:
                      calls:
                      - key: created
                        service: users
                        method: POST
                        path: /search
                        headers: {X-Tenant: "{header.x-tenant}"}
                        body: '{"user": "{query.user}", "filter": {"active": true}}'
                        allow: [data]
                - name: needs-key
                  paths: [/api/needs-key]
                  plugins:
                  - name: aggregate
                    config:
                      calls:
                      - {key: user, service: users, path: /1}
                      - {key: orders, service: orders, path: /recent, required: true}
                """.formatted(users.url(), orders.url(), slow.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        users.close();
        orders.close();
        slow.close();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void mergesCallsShapesThemAndFeedsOneAnswerIntoTheNext() throws Exception {
        var response = gw.send(gw.request("/api/home/mobile?user=123").header("apikey", "ada-key-0123456789")
                .header("X-Asked-By", "app").build());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("u-123", body.at("/user/id").asText());
        assertEquals("Ada", body.at("/user/full_name").asText());
        assertTrue(body.at("/user/email").isMissingNode(), "denied field left out");
        assertEquals("/orders/recent", body.at("/orders/path").asText());
        assertEquals("user=u-123&section=mobile", body.at("/orders/query").asText(),
                "the dependent call got the first call's answer and the path capture");
        assertTrue(body.at("/extra").isMissingNode());
        assertEquals("false", response.headers().firstValue("X-Portico-Completed").orElseThrow());
        var received = orders.last();
        assertEquals("app", received.header("X-Asked-By"));
        assertNull(received.header("apikey"), "key-auth of the orders service took (and hid) the forwarded key");
    }

    @Test
    void theConsumerTheRouteIdentifiedFillsTemplates() throws Exception {
        var response = gw.send(gw.request("/api/me").header("apikey", "ada-key-0123456789").build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"me\":\"u-ada\"}", response.body());
        assertEquals(401, gw.get("/api/me").statusCode(), "the aggregate's own route refuses first");
    }

    @Test
    void aCallCanPostATemplatedJsonBody() throws Exception {
        var response = gw.send(gw.request("/api/post?user=say%20%22hi%22").header("X-Tenant", "t1").build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("u-search", json(response).at("/created/data/id").asText());
        var received = users.last();
        assertEquals("POST", received.method());
        assertEquals("/users/search", received.rawPath());
        assertEquals("{\"user\": \"say \\\"hi\\\"\", \"filter\": {\"active\": true}}", received.bodyText());
        assertEquals("application/json", received.header("Content-Type"));
        assertEquals("t1", received.header("X-Tenant"));
    }

    @Test
    void aSlowOptionalCallIsLeftOutWithinItsTimeout() throws Exception {
        slow.hold();
        try {
            var response = gw.send(gw.request("/api/home/web?user=7").header("apikey", "ada-key-0123456789").build());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("false", response.headers().firstValue("X-Portico-Completed").orElseThrow());
            JsonNode body = json(response);
            assertEquals("u-7", body.at("/user/id").asText());
            assertFalse(body.has("extra"));
            assertTrue(slow.awaitHeld(5), "the slow call was made");
        } finally {
            slow.release();
        }
    }

    @Test
    void theWholeTimeoutLeavesOutWhatIsStillRunningAndWhatWaitsForIt() throws Exception {
        slow.hold();
        try {
            var response = gw.get("/api/deadline");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("false", response.headers().firstValue("X-Portico-Completed").orElseThrow());
            JsonNode body = json(response);
            assertEquals("u-1", body.at("/user/data/id").asText());
            assertFalse(body.has("extra"));
            assertFalse(body.has("after"), "it needed the call that ran out of time");
        } finally {
            slow.release();
        }
    }

    @Test
    void aFailingRequiredCallIsA502NamingIt() throws Exception {
        var response = gw.get("/api/broken");
        assertEquals(502, response.statusCode());
        assertEquals("required call 'user' failed: service 'users' answered 500", json(response).get("message").asText());
    }

    @Test
    void nothingSucceedingIsA502() throws Exception {
        slow.hold();
        try {
            var response = gw.get("/api/nothing");
            assertEquals(502, response.statusCode());
            assertEquals("no call of the aggregate succeeded", json(response).get("message").asText());
        } finally {
            slow.release();
        }
    }

    @Test
    void theTargetServicesKeyAuthRefusesACallWhenTheClientHasNoKey() throws Exception {
        int before = orders.received().size();
        var refused = gw.get("/api/needs-key");
        assertEquals(502, refused.statusCode());
        assertEquals("required call 'orders' failed: service 'orders' answered 401",
                json(refused).get("message").asText());
        assertEquals(before, orders.received().size(), "the orders service never saw the call");

        var optional = gw.get("/api/home/x?user=5");
        assertEquals(200, optional.statusCode());
        assertFalse(json(optional).has("orders"), "left out: refused by key-auth");

        var allowed = gw.send(gw.request("/api/needs-key").header("apikey", "ada-key-0123456789").build());
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals("true", allowed.headers().firstValue("X-Portico-Completed").orElseThrow());
        assertEquals("ada", orders.last().header("X-Consumer-Username"));
    }

    @Test
    void clientForwardingHeadersNeverReachTheCalls() throws Exception {
        var response = gw.send(gw.request("/api/home/x?user=9").header("apikey", "ada-key-0123456789")
                .header("X-Forwarded-For", "6.6.6.6").header("X-Real-IP", "6.6.6.6")
                .header("Forwarded", "for=6.6.6.6").header("X-Forwarded-Host", "evil.example").build());
        assertEquals(200, response.statusCode(), response.body());
        var received = orders.last();
        assertEquals("127.0.0.1", received.header("X-Forwarded-For"));
        assertEquals("127.0.0.1", received.header("X-Real-IP"));
        assertNull(received.header("Forwarded"));
        assertFalse(received.headers().getFirst("X-Forwarded-Host").contains("evil"));
    }

    @Test
    void aMissingRequestValueOfARequiredCallIsA400() throws Exception {
        var response = gw.get("/api/home/x");
        assertEquals(400, response.statusCode());
        assertEquals("required call 'user' needs {query.user} of the request", json(response).get("message").asText());
    }

    @Test
    void cyclesUnknownReferencesAndUnknownServicesAreConfigErrors() {
        var pipeline = new ConfigPipeline(PluginRegistry.bundled());
        String base = """
                _format_version: "3.0"
                services:
                - name: users
                  url: http://127.0.0.1:9/
                  routes:
                  - {name: guarded, paths: [/g], plugins: [{name: key-auth}]}
                routes:
                - name: home
                  paths: [/home]
                  plugins:
                  - name: aggregate
                    config:
                      calls:
                """;
        var cycle = assertThrows(ConfigValidationException.class, () -> pipeline.parse(base + """
                      - {key: a, service: users, route: guarded, path: "/a/{b.id}"}
                      - {key: b, service: users, route: guarded, path: "/b/{a.id}"}
                """, "cycle.yaml"));
        assertTrue(cycle.getMessage().contains("'config.calls[0]': calls wait for each other in a cycle: a -> b -> a"),
                cycle.getMessage());
        var unknownRef = assertThrows(ConfigValidationException.class, () -> pipeline.parse(base + """
                      - {key: a, service: users, route: guarded, path: "/a/{nobody.id}"}
                """, "ref.yaml"));
        assertTrue(unknownRef.getMessage().contains("'config.calls[0].path': {nobody.id} names no call"),
                unknownRef.getMessage());
        var unknownService = assertThrows(ConfigValidationException.class, () -> pipeline.parse(base + """
                      - {key: a, service: admin, path: /a}
                """, "svc.yaml"));
        assertTrue(unknownService.getMessage().contains("'config.calls[0].service': no service 'admin' in the config"),
                unknownService.getMessage());
        var skipsRoutePlugins = assertThrows(ConfigValidationException.class, () -> pipeline.parse(base + """
                      - {key: a, service: users, path: /a}
                """, "route.yaml"));
        assertTrue(skipsRoutePlugins.getMessage().contains("'config.calls[0].route': routes of service 'users' have"
                + " plugins of their own (guarded)"), skipsRoutePlugins.getMessage());
    }
}
