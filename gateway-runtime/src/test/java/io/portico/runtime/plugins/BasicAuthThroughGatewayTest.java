package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basic-auth through a real gateway and upstream, with Kong's answers (kong/plugins/basic-auth/access.lua). */
class BasicAuthThroughGatewayTest {
    static final String ALICE_ID = "6a1e0b7c-2d3e-4f50-8a9b-000000000001";
    static final String GUEST_ID = "6a1e0b7c-2d3e-4f50-8a9b-000000000003";
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
                  basicauth_credentials:
                  - {username: alice-login, password: "open:sesame 1"}
                  keyauth_credentials:
                  - key: alice-api-key
                - username: bob
                  basicauth_credentials:
                  - {username: bob, password: bob-password}
                  plugins:
                  - name: request-termination
                    config: {status_code: 429, message: bob is suspended}
                - id: %s
                  username: guest
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: basic
                    paths: [/basic]
                    plugins: [{name: basic-auth}]
                  - name: hidden
                    paths: [/hidden]
                    plugins:
                    - name: basic-auth
                      config: {hide_credentials: true}
                  - name: anon
                    paths: [/anon]
                    plugins:
                    - name: basic-auth
                      config: {anonymous: guest}
                  - name: realm
                    paths: [/realm]
                    plugins:
                    - name: basic-auth
                      config: {realm: Orders API}
                  - name: either
                    paths: [/either]
                    plugins:
                    - name: key-auth
                      config: {anonymous: %s}
                    - name: basic-auth
                      config: {anonymous: guest}
                """.formatted(ALICE_ID, GUEST_ID, upstream.url(), GUEST_ID));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder builder = gw.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return gw.send(builder.build());
    }

    private static void assertUnauthorized(HttpResponse<String> res, String realm) {
        assertEquals(401, res.statusCode(), res.body());
        assertEquals("{\"message\":\"Unauthorized\"}", res.body());
        assertEquals("Basic realm=\"" + realm + "\"", res.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void everyFailureIsTheSame401WithAChallenge() {
        int before = upstream.received().size();
        assertUnauthorized(gw.get("/basic"), "service");
        assertUnauthorized(get("/basic", "Authorization", basic("alice-login:wrong")), "service");
        assertUnauthorized(get("/basic", "Authorization", basic("nobody:open:sesame 1")), "service");
        assertUnauthorized(get("/basic", "Authorization", basic("alice-login")), "service");
        assertUnauthorized(get("/basic", "Authorization", "Basic %%%"), "service");
        assertUnauthorized(get("/basic", "Authorization", "Bearer abc"), "service");
        assertUnauthorized(get("/basic", "Authorization", basic("alice:open:sesame 1")), "service");
        assertEquals(before, upstream.received().size(), "nothing reaches the upstream");
    }

    @Test
    void validCredentialsIdentifyTheConsumer() {
        var res = get("/basic", "Authorization", basic("alice-login:open:sesame 1"),
                "X-Consumer-Custom-ID", "forged");
        assertEquals(200, res.statusCode(), res.body());
        var seen = upstream.last();
        assertEquals(ALICE_ID, seen.header("X-Consumer-ID"));
        assertEquals("alice", seen.header("X-Consumer-Username"));
        assertEquals(List.of("cust-1"), seen.headers().get("X-Consumer-Custom-ID"));
        assertEquals("alice-login", seen.header("X-Credential-Identifier"), "Kong sends the credential's username");
        assertNull(seen.header("X-Anonymous-Consumer"));
        assertEquals(basic("alice-login:open:sesame 1"), seen.header("Authorization"), "kept without hide_credentials");
        // the scheme is matched as Kong's pattern [Bb]asic
        assertEquals(200, get("/basic", "Authorization", "basic " + basic("alice-login:open:sesame 1").substring(6))
                .statusCode());
    }

    @Test
    void proxyAuthorizationIsAHopByHopHeader() {
        // Kong also reads Proxy-Authorization (first); Portico's proxy drops the Proxy-* headers on arrival, as
        // hop-by-hop (RFC 9110 7.6.1), so they are neither credentials nor forwarded.
        assertUnauthorized(get("/basic", "Proxy-Authorization", basic("alice-login:open:sesame 1")), "service");
        assertEquals(200, get("/basic", "Proxy-Authorization", basic("alice-login:wrong"),
                "Authorization", basic("alice-login:open:sesame 1")).statusCode());
        assertNull(upstream.last().header("Proxy-Authorization"));
    }

    @Test
    void hideCredentialsRemovesTheHeaders() {
        assertEquals(200, get("/hidden", "Authorization", basic("alice-login:open:sesame 1")).statusCode());
        assertNull(upstream.last().header("Authorization"));
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
    }

    @Test
    void anonymousFallsBackToTheGuestConsumer() {
        assertEquals(200, gw.get("/anon").statusCode());
        assertEquals("guest", upstream.last().header("X-Consumer-Username"));
        assertEquals(GUEST_ID, upstream.last().header("X-Consumer-ID"));
        assertEquals("true", upstream.last().header("X-Anonymous-Consumer"));
        assertEquals(200, get("/anon", "Authorization", basic("alice-login:wrong")).statusCode());
        assertEquals("guest", upstream.last().header("X-Consumer-Username"));
        assertEquals(200, get("/anon", "Authorization", basic("alice-login:open:sesame 1")).statusCode());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        assertNull(upstream.last().header("X-Anonymous-Consumer"));
    }

    @Test
    void realmGoesInTheChallenge() {
        assertUnauthorized(gw.get("/realm"), "Orders API");
    }

    @Test
    void keyOrPasswordWithAnonymousOnBoth() {
        // Kong's "logical OR": the first plugin that authenticates wins, the next one sees a credential and stops
        assertEquals(200, get("/either", "apikey", "alice-api-key").statusCode());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        assertEquals(ALICE_ID, upstream.last().header("X-Consumer-ID"));
        assertEquals(200, get("/either", "Authorization", basic("alice-login:open:sesame 1")).statusCode());
        assertEquals("alice-login", upstream.last().header("X-Credential-Identifier"));
        assertEquals(200, gw.get("/either").statusCode());
        assertEquals("guest", upstream.last().header("X-Consumer-Username"));
        assertEquals("true", upstream.last().header("X-Anonymous-Consumer"));
    }

    @Test
    void consumerPluginsApplyOnceTheConsumerIsKnown() {
        int before = upstream.received().size();
        var res = get("/basic", "Authorization", basic("bob:bob-password"));
        assertEquals(429, res.statusCode());
        assertEquals("{\"message\":\"bob is suspended\"}", res.body());
        assertEquals(before, upstream.received().size());
    }

    @Test
    void passwordsNeverReachTheLogsOrTheAnswers() {
        try (LogCapture logs = new LogCapture()) {
            var wrong = get("/basic", "Authorization", basic("alice-login:guessed-password-1"));
            assertFalse(wrong.body().contains("guessed-password-1"));
            get("/basic", "Authorization", basic("alice-login:open:sesame 1"));
            assertEquals(List.of(), logs.containing("guessed-password-1"));
            assertEquals(List.of(), logs.containing("open:sesame 1"));
            assertEquals(List.of(), logs.containing(basic("alice-login:open:sesame 1").substring(6)));
        }
    }
}
