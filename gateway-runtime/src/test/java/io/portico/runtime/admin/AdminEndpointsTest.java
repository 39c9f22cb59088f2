package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every GET endpoint of the admin API against a real node, in Kong's shapes; then POST /config's forms and errors. */
class AdminEndpointsTest {
    private static final String SERVICE_ID = "0f8e7a3c-2b4d-4c5e-9f60-7a8b9c0d1e2f";
    private static NamedUpstream upstream;
    private static GatewayFixture gw;
    private static AdminClient admin;
    private static String configText;

    @BeforeAll
    static void start() {
        upstream = NamedUpstream.start("orders-upstream");
        configText = """
                _format_version: "3.0"
                services:
                - name: orders
                  id: %s
                  url: %s/orders
                  tags: [team-a, public]
                  routes:
                  - name: orders
                    paths: [/orders]
                    methods: [GET, POST]
                    tags: [public]
                  - name: orders-admin
                    paths: [/orders/admin]
                    headers:
                      x-role: [admin]
                  plugins:
                  - name: request-termination
                    config: {status_code: 503, message: down}
                    enabled: false
                - name: balanced
                  host: orders-pool
                  tags: [team-b]
                routes:
                - name: pool
                  service: balanced
                  hosts: [pool.example.com]
                consumers:
                - username: alice
                  custom_id: a-1
                  tags: [vip]
                  plugins:
                  - name: correlation-id
                    config: {header_name: X-Alice}
                - username: bob
                upstreams:
                - name: orders-pool
                  targets:
                  - target: 127.0.0.1:%d
                    weight: 70
                  - target: 127.0.0.1:9
                    weight: 30
                plugins:
                - name: correlation-id
                  config: {echo_downstream: true}
                """.formatted(SERVICE_ID, upstream.url(), upstream.port());
        gw = GatewayFixture.start(configText);
        admin = new AdminClient(gw.adminPort());
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static JsonNode getJson(String path) {
        HttpResponse<String> res = admin.get(path);
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        return AdminClient.json(res);
    }

    /** A Kong list: data, next null (everything fits a page). */
    private static JsonNode list(String path) {
        JsonNode body = getJson(path);
        assertTrue(body.get("data").isArray(), path);
        assertTrue(body.has("next") && body.get("next").isNull(), path + " next: " + body.get("next"));
        return body.get("data");
    }

    private static List<String> names(JsonNode data, String field) {
        List<String> names = new ArrayList<>();
        data.forEach(e -> names.add(e.get(field).asText()));
        return names;
    }

    @Test
    void root() {
        JsonNode root = getJson("/");
        assertEquals("Welcome to portico", root.get("tagline").asText());
        assertEquals(gw.gateway().nodeId(), root.get("node_id").asText());
        assertFalse(root.get("version").asText().isEmpty());
        JsonNode available = root.get("plugins").get("available_on_server");
        assertTrue(available.get("correlation-id").get("priority").isInt());
        assertEquals("bundled", available.get("correlation-id").get("origin").asText());
        // request-termination is attached but disabled
        assertEquals(List.of("correlation-id"), textList(root.get("plugins").get("enabled_in_cluster")));
        assertEquals("off", root.get("configuration").get("database").asText());
        assertFalse(root.toString().contains("token\":\""), "never the token");
    }

    private static List<String> textList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    @Test
    void status() {
        long before = getJson("/status").get("server").get("total_requests").asLong();
        assertEquals(200, gw.get("/orders/1").statusCode());
        assertEquals(200, gw.get("/orders/2").statusCode());
        JsonNode status = getJson("/status");
        JsonNode server = status.get("server");
        assertEquals(before + 2, server.get("total_requests").asLong());
        assertTrue(server.get("connections_accepted").asLong() >= 1);
        assertEquals(server.get("connections_accepted").asLong(), server.get("connections_handled").asLong());
        for (String field : List.of("connections_active", "connections_writing", "connections_waiting")) {
            assertTrue(server.get(field).asLong() >= 0, field);
        }
        assertEquals(gw.gateway().config().config().hash(), status.get("configuration_hash").asText());
        assertTrue(status.get("database").get("reachable").asBoolean());
        assertEquals(3, status.get("entities").get("routes").asInt());
    }

    @Test
    void services() {
        JsonNode data = list("/services");
        assertEquals(List.of("orders", "balanced"), names(data, "name"));
        JsonNode orders = data.get(0);
        assertEquals(SERVICE_ID, orders.get("id").asText());
        assertEquals("http", orders.get("protocol").asText());
        assertEquals("127.0.0.1", orders.get("host").asText());
        assertEquals(upstream.port(), orders.get("port").asInt());
        assertEquals("/orders", orders.get("path").asText());
        assertEquals(60000, orders.get("read_timeout").asInt());
        assertEquals(5, orders.get("retries").asInt());
        assertEquals(List.of("team-a", "public"), textList(orders.get("tags")));
        assertTrue(orders.get("created_at").isNumber());
        assertTrue(data.get(1).get("path").isNull());

        assertEquals(orders, getJson("/services/orders"), "by name");
        assertEquals(orders, getJson("/services/" + SERVICE_ID), "by id");
        assertEquals(List.of("orders", "orders-admin"), names(list("/services/orders/routes"), "name"));
        assertEquals(List.of("pool"), names(list("/services/balanced/routes"), "name"));
        assertEquals(List.of("request-termination"), names(list("/services/orders/plugins"), "name"));
    }

    @Test
    void routes() {
        JsonNode data = list("/routes");
        assertEquals(3, data.size());
        JsonNode orders = getJson("/routes/orders");
        assertEquals(List.of("/orders"), textList(orders.get("paths")));
        assertEquals(List.of("GET", "POST"), textList(orders.get("methods")));
        assertTrue(orders.get("hosts").isNull(), "unset lists are null, as Kong shows them");
        assertTrue(orders.get("headers").isNull());
        assertEquals(SERVICE_ID, orders.get("service").get("id").asText());
        assertTrue(orders.get("strip_path").asBoolean());
        assertEquals("v0", orders.get("path_handling").asText());
        assertEquals(426, orders.get("https_redirect_status_code").asInt());
        assertEquals(List.of("http", "https"), textList(orders.get("protocols")));
        assertEquals(orders, getJson("/routes/" + orders.get("id").asText()));
        assertEquals(List.of("admin"), textList(getJson("/routes/orders-admin").get("headers").get("x-role")));
        assertEquals(List.of("pool.example.com"), textList(getJson("/routes/pool").get("hosts")));
        assertEquals("orders", getJson("/routes/orders/service").get("name").asText());
    }

    @Test
    void consumers() {
        JsonNode data = list("/consumers");
        assertEquals(List.of("alice", "bob"), names(data, "username"));
        JsonNode alice = getJson("/consumers/alice");
        assertEquals("a-1", alice.get("custom_id").asText());
        assertEquals(List.of("vip"), textList(alice.get("tags")));
        assertTrue(getJson("/consumers/bob").get("custom_id").isNull());
        assertEquals(alice, getJson("/consumers/" + alice.get("id").asText()));
        JsonNode plugins = list("/consumers/alice/plugins");
        assertEquals(1, plugins.size());
        assertEquals("X-Alice", plugins.get(0).get("config").get("header_name").asText());
    }

    @Test
    void plugins() {
        JsonNode data = list("/plugins");
        assertEquals(3, data.size());
        JsonNode global = null;
        for (JsonNode p : data) {
            if (p.get("service").isNull() && p.get("route").isNull() && p.get("consumer").isNull()) {
                global = p;
            }
        }
        assertNotNull(global, "the global plugin");
        assertEquals("correlation-id", global.get("name").asText());
        assertTrue(global.get("config").get("echo_downstream").asBoolean(), "config under Kong's field names");
        assertTrue(global.get("enabled").asBoolean());
        assertEquals(global, getJson("/plugins/" + global.get("id").asText()));
        JsonNode termination = list("/services/orders/plugins").get(0);
        assertFalse(termination.get("enabled").asBoolean());
        assertEquals(503, termination.get("config").get("status_code").asInt());
        assertEquals(SERVICE_ID, termination.get("service").get("id").asText());
    }

    @Test
    void upstreamsAndTargets() {
        JsonNode data = list("/upstreams");
        assertEquals(1, data.size());
        JsonNode pool = getJson("/upstreams/orders-pool");
        assertEquals(pool, data.get(0));
        assertEquals("round-robin", pool.get("algorithm").asText());
        assertEquals(10000, pool.get("slots").asInt());
        assertEquals(pool, getJson("/upstreams/" + pool.get("id").asText()));
        JsonNode targets = list("/upstreams/orders-pool/targets");
        assertEquals(List.of("127.0.0.1:" + upstream.port(), "127.0.0.1:9"), names(targets, "target"));
        assertEquals(70, targets.get(0).get("weight").asInt());
        assertEquals(pool.get("id").asText(), targets.get(0).get("upstream").get("id").asText());
        assertEquals(targets.get(1), getJson("/upstreams/orders-pool/targets/" + targets.get(1).get("id").asText()));
        assertEquals(targets.get(1), getJson("/upstreams/orders-pool/targets/127.0.0.1:9"));
    }

    @Test
    void pagingAndTags() {
        JsonNode first = getJson("/routes?size=2");
        assertEquals(2, first.get("data").size());
        String next = first.get("next").asText();
        assertTrue(next.startsWith("/routes?offset="), next);
        assertEquals(first.get("offset").asText(), next.substring("/routes?offset=".length(), next.indexOf('&')));
        JsonNode second = getJson(next);
        assertEquals(1, second.get("data").size());
        assertTrue(second.get("next").isNull());
        List<String> all = new ArrayList<>(names(first.get("data"), "name"));
        all.addAll(names(second.get("data"), "name"));
        assertEquals(names(list("/routes"), "name"), all);

        assertEquals(List.of("orders"), names(list("/services?tags=team-a,public"), "name"));
        assertEquals(List.of("orders", "balanced"), names(list("/services?tags=team-a/team-b"), "name"));
        assertEquals(0, list("/services?tags=nobody").size());
        assertEquals(400, admin.get("/services?size=0").statusCode());
        assertEquals(400, admin.get("/services?size=1001").statusCode());
        assertEquals(400, admin.get("/services?offset=garbage!").statusCode());
    }

    @Test
    void unknownThingsAre404AndWritesOnEntities405() {
        for (String path : List.of("/services/nope", "/routes/nope", "/consumers/nope", "/plugins/nope",
                "/upstreams/nope", "/upstreams/orders-pool/targets/nope", "/services/nope/routes", "/nowhere",
                "/services/orders/nothing")) {
            HttpResponse<String> res = admin.get(path);
            assertEquals(404, res.statusCode(), path);
            assertEquals("Not found", AdminClient.json(res).get("message").asText());
        }
        HttpResponse<String> post = admin.send(admin.request("/services")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        assertTrue(AdminClient.json(post).get("message").asText().contains("POST /config"));
        assertEquals(405, admin.send(admin.request("/routes/orders").DELETE().build()).statusCode());
        assertEquals(405, admin.send(admin.request("/config").DELETE().build()).statusCode());
        assertEquals("GET, POST", admin.send(admin.request("/config").PUT(HttpRequest.BodyPublishers.noBody())
                .build()).headers().firstValue("Allow").orElse(""));
    }

    @Test
    void configInForceAsLoadedOrAsJson() throws Exception {
        HttpResponse<String> asLoaded = admin.get("/config");
        assertEquals(200, asLoaded.statusCode());
        assertTrue(asLoaded.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
        assertEquals(gw.gateway().config().text(), asLoaded.body());

        HttpResponse<String> yaml = admin.send(admin.request("/config").header("Accept", "application/yaml").build());
        assertEquals(asLoaded.body(), yaml.body());

        HttpResponse<String> json = admin.send(admin.request("/config").header("Accept", "application/json").build());
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode tree = new ObjectMapper().readTree(json.body());
        assertEquals(new YAMLMapper().readTree(asLoaded.body()), tree);
        assertEquals("3.0", tree.get("_format_version").asText());

        assertEquals(406, admin.send(admin.request("/config").header("Accept", "text/html").build()).statusCode());
    }

    @Test
    void postConfigRefusesAnInvalidConfigWithEveryError() {
        String before = gw.gateway().config().config().hash();
        HttpResponse<String> res = admin.postConfig("""
                _format_version: "3.0"
                services:
                - name: broken
                  url: http://127.0.0.1:9
                  retries: "three"
                  routes:
                  - name: bad
                    paths: [no-slash]
                plugins:
                - name: no-such-plugin
                """);
        assertEquals(400, res.statusCode(), res.body());
        JsonNode body = AdminClient.json(res);
        assertEquals(14, body.get("code").asInt());
        assertEquals("invalid declarative configuration", body.get("name").asText());
        assertTrue(body.get("message").asText().startsWith("declarative config is invalid: "));
        JsonNode errors = body.get("errors");
        assertTrue(errors.size() >= 3, res.body());
        for (JsonNode e : errors) {
            assertTrue(e.get("entity").isTextual() && e.get("field").isTextual() && e.get("line").isInt()
                    && e.get("message").isTextual(), e.toString());
        }
        assertTrue(res.body().contains("retries") && res.body().contains("paths[0]")
                && res.body().contains("no-such-plugin"), res.body());
        assertEquals(5, errors.get(0).get("line").asInt(), "lines of the posted text: " + errors);
        assertEquals(before, gw.gateway().config().config().hash(), "the old config keeps serving");
        assertEquals(200, gw.get("/orders/1").statusCode());

        HttpResponse<String> syntax = admin.postConfig("services: [ {name: x\n");
        assertEquals(400, syntax.statusCode());
        assertTrue(AdminClient.json(syntax).get("errors").size() >= 1);
    }

    @Test
    void postConfigAcceptsKongsForms() throws Exception {
        // Each form puts a config in force that the admin API then shows; the original comes back at the end.
        String raw = configText.replace("username: alice", "username: alice2");
        String multipartBody = "--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nignored\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"config\"; filename=\"kong.yml\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + raw + "\r\n--XyZ--\r\n";
        HttpResponse<String> multipart = admin.send(admin.request("/config")
                .header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofString(multipartBody)).build());
        assertEquals(201, multipart.statusCode(), multipart.body());
        JsonNode applied = AdminClient.json(multipart);
        assertEquals(gw.gateway().config().config().hash(), applied.get("configuration_hash").asText());
        assertEquals(3, applied.get("routes").size());
        assertEquals(2, applied.get("targets").size());
        assertEquals(200, admin.get("/consumers/alice2").statusCode());

        String jsonConfig = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(
                configText.replace("username: alice", "username: alice3")));
        HttpResponse<String> form = admin.send(admin.request("/config")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("config="
                        + URLEncoder.encode(jsonConfig, StandardCharsets.UTF_8))).build());
        assertEquals(201, form.statusCode(), form.body());
        assertEquals(200, admin.get("/consumers/alice3").statusCode());

        // curl --data-binary @kong.yaml labels a raw file as a form
        HttpResponse<String> curlDefault = admin.send(admin.request("/config")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(configText.replace("username: alice", "username: alice4")))
                .build());
        assertEquals(201, curlDefault.statusCode(), curlDefault.body());
        assertEquals(200, admin.get("/consumers/alice4").statusCode());

        String wrapped = new ObjectMapper().createObjectNode().put("config", configText).toString();
        HttpResponse<String> kongJson = admin.send(admin.request("/config").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(wrapped)).build());
        assertEquals(201, kongJson.statusCode(), kongJson.body());
        assertEquals(200, admin.get("/consumers/alice").statusCode());
        assertEquals(configText, admin.get("/config").body());
        assertEquals(200, gw.get("/orders/1").statusCode());
    }
}
