package io.portico.runtime.plugins;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** key-auth through a real gateway and upstream, with Kong's answers (kong/plugins/key-auth/handler.lua). */
class KeyAuthThroughGatewayTest {
    static final String ALICE_ID = "4f6d0a3c-1a2b-4c3d-8e9f-000000000001";
    static final String ALICE_KEY_ID = "4f6d0a3c-1a2b-4c3d-8e9f-0000000000a1";
    static final String GUEST_ID = "4f6d0a3c-1a2b-4c3d-8e9f-000000000003";
    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - id: %s
                  username: alice
                  custom_id: cust-1
                  keyauth_credentials:
                  - {id: %s, key: alice-key-0123456789}
                - username: bob
                  keyauth_credentials:
                  - key: bob-key-0123456789
                  plugins:
                  - name: request-termination
                    config: {status_code: 429, message: bob is suspended}
                - id: %s
                  username: guest
                keyauth_credentials:
                - {consumer: alice, key: alice-second-key}
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: default
                    paths: [/default]
                    plugins: [{name: key-auth}]
                  - name: hidden
                    paths: [/hidden]
                    plugins:
                    - name: key-auth
                      config: {hide_credentials: true, key_names: [apikey, x-api-key]}
                  - name: underscore
                    paths: [/underscore]
                    plugins:
                    - name: key-auth
                      config: {key_names: [api_key], hide_credentials: true}
                  - name: body
                    paths: [/body]
                    plugins:
                    - name: key-auth
                      config: {key_in_body: true, key_in_header: false, key_in_query: false, hide_credentials: true}
                  - name: body-kept
                    paths: [/body-kept]
                    plugins:
                    - name: key-auth
                      config: {key_in_body: true}
                  - name: anon
                    paths: [/anon]
                    plugins:
                    - name: key-auth
                      config: {anonymous: guest}
                  - name: preflight
                    paths: [/preflight]
                    plugins:
                    - name: key-auth
                      config: {run_on_preflight: false}
                  - name: realm
                    paths: [/realm]
                    plugins:
                    - name: key-auth
                      config: {realm: orders, key_in_query: false}
                """.formatted(ALICE_ID, ALICE_KEY_ID, GUEST_ID, upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder builder = gw.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return gw.send(builder.build());
    }

    private static HttpResponse<String> post(String path, String contentType, String body) {
        return gw.send(gw.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertUnauthorized(HttpResponse<String> res, String message, String challenge) {
        assertEquals(401, res.statusCode(), res.body());
        assertEquals("{\"message\":\"" + message + "\"}", res.body());
        assertEquals(challenge, res.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void missingKeyIs401WithKongsMessage() {
        int before = upstream.received().size();
        assertUnauthorized(gw.get("/default"), "No API key found in request", "Key");
        assertUnauthorized(gw.get("/default?apikey="), "No API key found in request", "Key");
        assertUnauthorized(get("/default", "apikey", ""), "No API key found in request", "Key");
        assertEquals(before, upstream.received().size(), "nothing reaches the upstream");
    }

    @Test
    void unknownKeyIs401Unauthorized() {
        var res = get("/default", "apikey", "not-a-real-key");
        assertUnauthorized(res, "Unauthorized", "Key");
        assertFalse(res.body().contains("not-a-real-key"));
        assertUnauthorized(gw.get("/default?apikey=alice-key-012345678"), "Unauthorized", "Key");
    }

    @Test
    void severalKeysAreRefused() {
        assertUnauthorized(get("/default", "apikey", "alice-key-0123456789", "apikey", "bob-key-0123456789"),
                "Duplicate API key found", "Key");
        assertUnauthorized(gw.get("/default?apikey=alice-key-0123456789&apikey=x"), "Duplicate API key found", "Key");
    }

    @Test
    void keyInHeaderIdentifiesTheConsumerToTheUpstream() {
        var res = get("/default", "apikey", "alice-key-0123456789", "X-Consumer-Username", "admin",
                "X-Anonymous-Consumer", "true");
        assertEquals(200, res.statusCode(), res.body());
        var seen = upstream.last();
        assertEquals(ALICE_ID, seen.header("X-Consumer-ID"));
        assertEquals("alice", seen.header("X-Consumer-Username"));
        assertEquals(1, seen.headers().get("X-Consumer-Username").size(), "the client's copy is gone");
        assertEquals("cust-1", seen.header("X-Consumer-Custom-ID"));
        assertEquals(ALICE_KEY_ID, seen.header("X-Credential-Identifier"), "Kong sends the credential's id");
        assertNull(seen.header("X-Anonymous-Consumer"));
        assertEquals("alice-key-0123456789", seen.header("apikey"), "kept without hide_credentials");
    }

    @Test
    void keyInQueryAndTopLevelCredentials() {
        assertEquals(200, gw.get("/default/x?a=1&apikey=alice-second-key").statusCode());
        assertEquals("a=1&apikey=alice-second-key", upstream.last().rawQuery());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        // the header is looked at first: a wrong header key is not rescued by a good query key
        assertUnauthorized(get("/default?apikey=alice-second-key", "apikey", "wrong"), "Unauthorized", "Key");
        // header names are case-insensitive
        assertEquals(200, get("/default", "APIKEY", "alice-second-key").statusCode());
    }

    @Test
    void hideCredentialsRemovesTheHeaderAndTheQueryParameter() {
        assertEquals(200, get("/hidden", "apikey", "alice-key-0123456789").statusCode());
        assertNull(upstream.last().header("apikey"));
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));

        assertEquals(200, gw.get("/hidden?a=1&apikey=alice-key-0123456789&b=2").statusCode());
        assertEquals("a=1&b=2", upstream.last().rawQuery());

        // the second key name, in a header
        assertEquals(200, get("/hidden", "X-API-Key", "alice-key-0123456789").statusCode());
        assertNull(upstream.last().header("X-API-Key"));

        // a refused key is removed too, as Kong clears it as soon as it is found
        assertUnauthorized(get("/hidden", "apikey", "wrong"), "Unauthorized", "Key");
    }

    @Test
    void underscoreKeyNamesMatchDashedHeaders() {
        assertEquals(200, get("/underscore", "api-key", "alice-key-0123456789").statusCode());
        assertNull(upstream.last().header("api-key"));
        assertEquals(200, gw.get("/underscore?api_key=alice-key-0123456789&x=1").statusCode());
        assertEquals("x=1", upstream.last().rawQuery());
    }

    @Test
    void keyInAFormBodyIsFoundAndHidden() {
        var res = post("/body", "application/x-www-form-urlencoded", "name=Widget&apikey=alice-key-0123456789&qty=2");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("name=Widget&qty=2", upstream.last().bodyText());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        assertEquals(String.valueOf("name=Widget&qty=2".length()), upstream.last().header("Content-Length"));
        // key_in_header and key_in_query are off here
        assertUnauthorized(gw.send(gw.request("/body?apikey=alice-key-0123456789").header("apikey",
                "alice-key-0123456789").POST(HttpRequest.BodyPublishers.ofString("x=1"))
                .header("Content-Type", "application/x-www-form-urlencoded").build()),
                "No API key found in request", "Key");
    }

    @Test
    void keyInAJsonBodyIsFoundAndHidden() {
        var res = post("/body", "application/json; charset=utf-8",
                "{\"order\": {\"sku\": \"PN-8\"}, \"apikey\": \"alice-key-0123456789\", \"qty\": 2}");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("{\"order\": {\"sku\": \"PN-8\"},\"qty\": 2}", upstream.last().bodyText());
        assertUnauthorized(post("/body", "application/json", "{\"apikey\": 12345}"),
                "No API key found in request", "Key");
        assertUnauthorized(post("/body", "application/json", "{\"apikey\": [\"a\", \"b\"]}"),
                "Duplicate API key found", "Key");
        assertUnauthorized(post("/body", "application/json", "{\"apikey\": \"alice-key-0123456789\""),
                "No API key found in request", "Key");
        assertUnauthorized(post("/body", "text/plain", "apikey=alice-key-0123456789"),
                "No API key found in request", "Key");
    }

    @Test
    void keyInAMultipartBodyIsFoundAndHidden() {
        String body = "--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"apikey\"\r\n\r\n"
                + "alice-key-0123456789\r\n"
                + "--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"doc\"; filename=\"doc.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "hello\r\n"
                + "--b0undary--\r\n";
        var res = post("/body", "multipart/form-data; boundary=b0undary", body);
        assertEquals(200, res.statusCode(), res.body());
        String sent = upstream.last().bodyText();
        assertFalse(sent.contains("alice-key"), sent);
        assertTrue(sent.startsWith("--b0undary\r\nContent-Disposition: form-data; name=\"doc\""), sent);
        assertTrue(sent.endsWith("hello\r\n--b0undary--\r\n"), sent);
    }

    @Test
    void bodyKeysStayWithoutHideCredentials() {
        assertEquals(200, post("/body-kept", "application/x-www-form-urlencoded", "apikey=alice-key-0123456789")
                .statusCode());
        assertEquals("apikey=alice-key-0123456789", upstream.last().bodyText());
        // the header still comes first on this route
        assertEquals(200, get("/body-kept", "apikey", "alice-second-key").statusCode());
    }

    @Test
    void anonymousFallsBackToTheGuestConsumer() {
        assertEquals(200, gw.get("/anon").statusCode());
        var seen = upstream.last();
        assertEquals("guest", seen.header("X-Consumer-Username"));
        assertEquals(GUEST_ID, seen.header("X-Consumer-ID"));
        assertEquals("true", seen.header("X-Anonymous-Consumer"));
        assertNull(seen.header("X-Credential-Identifier"));

        assertEquals(200, get("/anon", "apikey", "wrong").statusCode(), "a bad key falls back too (logical OR)");
        assertEquals("guest", upstream.last().header("X-Consumer-Username"));

        assertEquals(200, get("/anon", "apikey", "alice-key-0123456789").statusCode());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        assertNull(upstream.last().header("X-Anonymous-Consumer"));
    }

    @Test
    void preflightRequestsPassWhenRunOnPreflightIsFalse() {
        HttpRequest preflight = gw.request("/preflight").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST").build();
        assertEquals(200, gw.send(preflight).statusCode());
        assertEquals("OPTIONS", upstream.last().method());
        assertNull(upstream.last().header("X-Consumer-ID"));
        // Kong lets every OPTIONS through here, CORS headers or not
        assertEquals(200, gw.send(gw.request("/preflight").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build()).statusCode());
        assertUnauthorized(gw.get("/preflight"), "No API key found in request", "Key");
        // run_on_preflight defaults to true
        assertUnauthorized(gw.send(gw.request("/default").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST").build()),
                "No API key found in request", "Key");
    }

    @Test
    void realmGoesInTheChallenge() {
        assertUnauthorized(gw.get("/realm?apikey=alice-key-0123456789"), "No API key found in request",
                "Key realm=\"orders\"");
        assertEquals(200, get("/realm", "apikey", "alice-key-0123456789").statusCode());
    }

    @Test
    void consumerPluginsApplyOnceTheConsumerIsKnown() {
        int before = upstream.received().size();
        var res = get("/default", "apikey", "bob-key-0123456789");
        assertEquals(429, res.statusCode());
        assertEquals("{\"message\":\"bob is suspended\"}", res.body());
        assertEquals(before, upstream.received().size());
        assertEquals(200, get("/default", "apikey", "alice-key-0123456789").statusCode());
    }

    @Test
    void keysNeverReachTheLogs() {
        try (LogCapture logs = new LogCapture()) {
            get("/default", "apikey", "wrong-key-zzzzzz");
            get("/default", "apikey", "alice-key-0123456789");
            gw.get("/default?apikey=wrong-key-zzzzzz");
            post("/body", "application/json", "{\"apikey\": \"wrong-key-zzzzzz\"}");
            assertEquals(java.util.List.of(), logs.containing("wrong-key-zzzzzz"));
            assertEquals(java.util.List.of(), logs.containing("alice-key-0123456789"));
        }
    }

    @Test
    void badCredentialsAndAnonymousAreConfigErrors() {
        var pipeline = new ConfigPipeline(PluginRegistry.bundled());
        var unknownAnonymous = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                routes:
                - name: r
                  paths: [/r]
                  plugins:
                  - name: key-auth
                    config: {anonymous: nobody}
                """, "anon.yaml"));
        assertTrue(unknownAnonymous.getMessage().contains("line 6: plugin \"key-auth\" on route \"r\", field"
                + " 'config.anonymous': anonymous consumer nobody is configured but doesn't exist"),
                unknownAnonymous.getMessage());

        var duplicate = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  keyauth_credentials: [{key: same-secret-key}]
                - username: bob
                  keyauth_credentials: [{key: same-secret-key}]
                plugins:
                - name: key-auth
                """, "dup.yaml"));
        assertTrue(duplicate.getMessage().contains("keyauth_credentials[0].key': consumer \"bob\" (line 5):"
                + " duplicate key: already a key of consumer \"alice\""), duplicate.getMessage());
        assertFalse(duplicate.getMessage().contains("same-secret-key"), "the key is never shown");

        var missing = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  keyauth_credentials: [{tags: [x]}]
                plugins:
                - name: key-auth
                """, "missing.yaml"));
        assertTrue(missing.getMessage().contains("keyauth_credentials[0].key': consumer \"alice\" (line 3):"
                + " required field missing"), missing.getMessage());

        var onConsumer = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  plugins:
                  - name: key-auth
                """, "consumer.yaml"));
        assertTrue(onConsumer.getMessage().contains("key-auth cannot be attached to a consumer"),
                onConsumer.getMessage());
    }
}
