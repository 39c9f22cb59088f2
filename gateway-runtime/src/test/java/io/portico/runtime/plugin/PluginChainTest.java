package io.portico.runtime.plugin;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.plugins.TracePlugins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugin phases, priority order, Kong's precedence (global, service, route, consumer) and the ordering field,
 * through a real gateway and a real upstream.
 */
class PluginChainTest {
    static RecordingUpstream upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = RecordingUpstream.start("svc");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    private static String config(String body) {
        return """
                _format_version: "3.0"
                """ + body.replace("UPSTREAM", upstream.url());
    }

    @Test
    void phasesRunInPriorityOrder() throws Exception {
        TracePlugins.LOG.clear();
        try (GatewayFixture gw = GatewayFixture.start(config("""
                plugins:
                - name: trace-c
                  config: {label: g}
                - name: trace-a
                  config: {label: g}
                - name: trace-b
                  config: {label: g}
                services:
                - name: svc
                  url: UPSTREAM
                  routes:
                  - name: r
                    paths: [/r]
                """))) {
            var res = gw.get("/r");
            assertEquals(200, res.statusCode());
            assertEquals(List.of("trace-a:g", "trace-b:g", "trace-c:g"), upstream.last().headers().get("X-trace"));
            assertEquals(List.of("trace-a:g", "trace-b:g", "trace-c:g"), res.headers().allValues("X-Trace"));
            awaitLog(3);
            assertEquals(List.of("trace-a:g", "trace-b:g", "trace-c:g"), TracePlugins.LOG);
        }
    }

    @Test
    void mostSpecificEntryWins() {
        try (GatewayFixture gw = GatewayFixture.start(config("""
                plugins:
                - name: trace-a
                  config: {label: global}
                - name: trace-b
                  config: {label: global}
                - name: trace-c
                  config: {label: global}
                services:
                - name: svc
                  url: UPSTREAM
                  plugins:
                  - name: trace-b
                    config: {label: service}
                  - name: trace-c
                    config: {label: service}
                  routes:
                  - name: r
                    paths: [/r]
                    plugins:
                    - name: trace-c
                      config: {label: route}
                  - name: other
                    paths: [/other]
                - name: svc2
                  url: UPSTREAM
                  routes:
                  - name: r2
                    paths: [/r2]
                """))) {
            assertEquals(List.of("trace-a:global", "trace-b:service", "trace-c:route"), trace(gw, "/r"));
            assertEquals(List.of("trace-a:global", "trace-b:service", "trace-c:service"), trace(gw, "/other"));
            assertEquals(List.of("trace-a:global", "trace-b:global", "trace-c:global"), trace(gw, "/r2"));
        }
    }

    @Test
    void consumerPluginsApplyOnceTheConsumerIsKnown() {
        try (GatewayFixture gw = GatewayFixture.start(config("""
                consumers:
                - username: alice
                  plugins:
                  - name: trace-b
                    config: {label: alice}
                  - name: trace-a
                    config: {label: alice}
                - username: bob
                plugins:
                - name: trace-a
                  config: {label: global}
                - name: trace-b
                  config: {label: global}
                - name: trace-c
                  consumer: bob
                  route: r
                  config: {label: bob+route}
                services:
                - name: svc
                  url: UPSTREAM
                  routes:
                  - name: r
                    paths: [/r]
                    plugins:
                    - name: header-auth
                """))) {
            // trace-a (3000) runs before header-auth (2500): it keeps the global config, as in Kong.
            assertEquals(List.of("trace-a:global", "trace-b:alice"), trace(gw, "/r", "alice"));
            assertEquals(List.of("trace-a:global", "trace-b:global", "trace-c:bob+route"), trace(gw, "/r", "bob"));
            assertEquals("alice", upstreamUser(gw, "alice"));
            var denied = gw.get("/r");
            assertEquals(401, denied.statusCode());
            assertEquals("{\"message\":\"Unauthorized\"}", denied.body());
        }
    }

    @Test
    void orderingMovesAPluginInEveryPhase() {
        TracePlugins.LOG.clear();
        try (GatewayFixture gw = GatewayFixture.start(config("""
                services:
                - name: svc
                  url: UPSTREAM
                  routes:
                  - name: r
                    paths: [/r]
                    plugins:
                    - name: trace-a
                    - name: trace-b
                    - name: trace-c
                      ordering:
                        before:
                          access: [trace-a]
                          header: [trace-b]
                          log: [trace-a]
                """))) {
            var res = gw.get("/r");
            assertEquals(List.of("trace-c:", "trace-a:", "trace-b:"), upstream.last().headers().get("X-trace"));
            assertEquals(List.of("trace-a:", "trace-c:", "trace-b:"), res.headers().allValues("X-Trace"));
            awaitLog(3);
            assertEquals(List.of("trace-c:", "trace-a:", "trace-b:"), TracePlugins.LOG);
        }
    }

    @Test
    void aFailingPluginFailsTheRequestNotTheNode() {
        try (GatewayFixture gw = GatewayFixture.start(config("""
                services:
                - name: svc
                  url: UPSTREAM
                  routes:
                  - name: access
                    paths: [/access]
                    plugins: [{name: fail-in, config: {phase: access}}]
                  - name: header
                    paths: [/header]
                    plugins: [{name: fail-in, config: {phase: header}}]
                  - name: body
                    paths: [/body]
                    plugins: [{name: fail-in, config: {phase: body}}]
                  - name: log
                    paths: [/log]
                    plugins: [{name: fail-in, config: {phase: log}}]
                  - name: fine
                    paths: [/fine]
                """))) {
            int before = upstream.received().size();
            var access = gw.get("/access");
            assertEquals(500, access.statusCode());
            assertEquals("{\"message\":\"An unexpected error occurred\"}", access.body());
            assertEquals(before, upstream.received().size(), "a failed access phase never reaches the upstream");
            assertEquals(500, gw.get("/header").statusCode());
            var body = gw.get("/body");
            assertEquals(500, body.statusCode());
            assertEquals("{\"message\":\"An unexpected error occurred\"}", body.body());
            assertEquals(200, gw.get("/log").statusCode(), "the log phase runs after the response is sent");
            assertEquals(200, gw.get("/fine").statusCode());
        }
    }

    @Test
    void bodyPhasesBufferedAndStreaming() {
        try (GatewayFixture gw = GatewayFixture.start(config("""
                services:
                - name: svc
                  url: UPSTREAM
                  routes:
                  - name: buffered
                    paths: [/buffered]
                    plugins: [{name: upper-buffered}]
                  - name: streamed
                    paths: [/streamed]
                    plugins: [{name: upper-stream}]
                  - name: small
                    paths: [/small]
                    body_buffer_size: 10
                    plugins: [{name: upper-buffered}]
                  - name: small-pass
                    paths: [/small-pass]
                    body_buffer_size: 10
                    body_buffer_overflow: pass
                    plugins: [{name: upper-buffered}]
                """))) {
            var buffered = gw.get("/buffered");
            assertEquals(200, buffered.statusCode());
            assertTrue(buffered.body().startsWith("{\"UPSTREAM\":\"SVC\""), buffered.body());
            assertEquals(Integer.toString(buffered.body().length()),
                    buffered.headers().firstValue("content-length").orElseThrow());

            var streamed = gw.get("/streamed");
            assertTrue(streamed.body().startsWith("{\"UPSTREAM\":\"SVC\""), streamed.body());
            assertTrue(streamed.body().endsWith("}!"), streamed.body());

            var tooLarge = gw.get("/small");
            assertEquals(502, tooLarge.statusCode());

            var passed = gw.get("/small-pass");
            assertEquals(200, passed.statusCode());
            assertEquals("true", passed.headers().firstValue("X-Too-Large").orElse(null));
            assertTrue(passed.body().startsWith("{\"upstream\":\"svc\""), "passes untouched: " + passed.body());
        }
    }

    @Test
    void requestBodyPhasesBufferedAndStreaming() {
        try (GatewayFixture gw = GatewayFixture.start(config("""
                services:
                - name: svc
                  url: UPSTREAM
                  routes:
                  - name: size
                    paths: [/size]
                    plugins: [{name: request-size}]
                  - name: small
                    paths: [/small]
                    body_buffer_size: 4
                    plugins: [{name: request-size}]
                  - name: small-pass
                    paths: [/small-pass]
                    body_buffer_size: 4
                    body_buffer_overflow: pass
                    plugins: [{name: request-size}]
                  - name: append
                    paths: [/append]
                    plugins: [{name: request-append}]
                """))) {
            var res = gw.send(gw.request("/size").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
            assertEquals(200, res.statusCode());
            assertEquals("5", upstream.last().header("X-Body-Length"));
            assertEquals("hello", upstream.last().bodyText());

            int before = upstream.received().size();
            var refused = gw.send(gw.request("/small").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
            assertEquals(413, refused.statusCode());
            assertEquals(before, upstream.received().size());

            gw.send(gw.request("/small-pass").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
            assertEquals("too-large", upstream.last().header("X-Body-Length"));
            assertEquals("hello", upstream.last().bodyText());

            gw.send(gw.request("/append").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
            assertEquals("hello+", upstream.last().bodyText());
            assertNull(upstream.last().header("Content-Length"), "a filtered body is sent chunked");
        }
    }

    private static List<String> trace(GatewayFixture gw, String path) {
        return trace(gw, path, null);
    }

    private static List<String> trace(GatewayFixture gw, String path, String user) {
        HttpRequest.Builder request = gw.request(path).GET();
        if (user != null) {
            request.header("X-Test-User", user);
        }
        var res = gw.send(request.build());
        assertEquals(200, res.statusCode(), res.body());
        return upstream.last().headers().get("X-trace");
    }

    private static String upstreamUser(GatewayFixture gw, String user) {
        gw.send(gw.request("/r").header("X-Test-User", user).build());
        return upstream.last().header("X-Test-User");
    }

    private static void awaitLog(int entries) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (TracePlugins.LOG.size() < entries && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
