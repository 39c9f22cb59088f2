package io.portico.runtime.plugins;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rate-limiting on policy local (this node's memory), with Kong's answers and headers. */
class RateLimitingThroughGatewayTest {
    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  keyauth_credentials: [{key: alice-key}]
                - username: bob
                  keyauth_credentials: [{key: bob-key}]
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: limited
                    paths: [/limited]
                    plugins:
                    - name: rate-limiting
                      config: {day: 3, year: 5, limit_by: ip}
                  - name: by-header
                    paths: [/by-header]
                    plugins:
                    - name: rate-limiting
                      config: {day: 1, limit_by: header, header_name: X-Client}
                  - name: by-consumer
                    paths: [/by-consumer]
                    plugins:
                    - name: key-auth
                    - name: rate-limiting
                      config: {day: 2}
                  - name: hidden
                    paths: [/hidden]
                    plugins:
                    - name: rate-limiting
                      config: {day: 1, hide_client_headers: true, error_code: 418, error_message: slow down}
                  - name: per-second
                    paths: [/per-second]
                    plugins:
                    - name: rate-limiting
                      config: {second: 1, limit_by: ip}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    @Test
    void headersCountDownAndTheRequestOverTheLimitGetsKongsAnswer() {
        HttpResponse<String> first = gw.get("/limited");
        assertEquals(200, first.statusCode());
        assertHeader("3", first, "X-RateLimit-Limit-Day");
        assertHeader("2", first, "X-RateLimit-Remaining-Day");
        assertHeader("5", first, "X-RateLimit-Limit-Year");
        assertHeader("4", first, "X-RateLimit-Remaining-Year");
        assertHeader("3", first, "RateLimit-Limit", "the window with the least remaining");
        assertHeader("2", first, "RateLimit-Remaining");
        long reset = Long.parseLong(first.headers().firstValue("RateLimit-Reset").orElseThrow());
        assertTrue(reset >= 1 && reset <= 86_400, "seconds to the end of the day: " + reset);

        gw.get("/limited");
        assertHeader("0", gw.get("/limited"), "RateLimit-Remaining");
        int before = upstream.received().size();
        HttpResponse<String> refused = gw.get("/limited");
        assertEquals(429, refused.statusCode());
        assertEquals("{\"message\":\"API rate limit exceeded\"}", refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertHeader("0", refused, "X-RateLimit-Remaining-Day");
        assertHeader("2", refused, "X-RateLimit-Remaining-Year", "the refused request cost the year nothing");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "Retry-After " + retryAfter);
        assertEquals(before, upstream.received().size(), "a refused request never reaches the upstream");
    }

    @Test
    void eachHeaderValueIsCountedOnItsOwnAndNoHeaderFallsBackToTheClientIp() {
        assertEquals(200, gw.send(gw.request("/by-header").header("X-Client", "a").build()).statusCode());
        assertEquals(429, gw.send(gw.request("/by-header").header("X-Client", "a").build()).statusCode());
        assertEquals(200, gw.send(gw.request("/by-header").header("X-Client", "b").build()).statusCode());
        assertEquals(200, gw.get("/by-header").statusCode(), "by client IP");
        assertEquals(429, gw.get("/by-header").statusCode());
    }

    @Test
    void consumersAreLimitedIndependently() {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, gw.get("/by-consumer?apikey=alice-key").statusCode());
        }
        assertEquals(429, gw.get("/by-consumer?apikey=alice-key").statusCode());
        assertEquals(200, gw.get("/by-consumer?apikey=bob-key").statusCode());
        assertEquals(401, gw.get("/by-consumer").statusCode(), "key-auth runs first (priority 1250 > 910)");
    }

    @Test
    void hiddenHeadersAndACustomAnswer() {
        HttpResponse<String> ok = gw.get("/hidden");
        assertEquals(200, ok.statusCode());
        assertNull(ok.headers().firstValue("RateLimit-Limit").orElse(null));
        assertNull(ok.headers().firstValue("X-RateLimit-Limit-Day").orElse(null));
        HttpResponse<String> refused = gw.get("/hidden");
        assertEquals(418, refused.statusCode());
        assertEquals("{\"message\":\"slow down\"}", refused.body());
        assertNull(refused.headers().firstValue("RateLimit-Remaining").orElse(null));
    }

    @Test
    void theNextWindowStartsFresh() throws InterruptedException {
        HttpResponse<String> r;
        int sent = 0;
        do { // one gets through per second: keep going until one is refused
            r = gw.get("/per-second");
            sent++;
        } while (r.statusCode() == 200 && sent < 100);
        assertEquals(429, r.statusCode());
        assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
        Thread.sleep(1100);
        assertEquals(200, gw.get("/per-second").statusCode(), "a new second, a new window");
    }

    @Test
    void badConfigsNameTheField() {
        assertProblem("{}", "at least one of these fields must be non-empty");
        assertProblem("{second: 10, minute: 5}", "the limit for minute (5) cannot be lower than the limit for second");
        assertProblem("{minute: 5, limit_by: user}", "limit_by");
        assertProblem("{minute: 5, limit_by: header}", "header_name");
        assertProblem("{minute: 5, policy: redis}", "policy redis needs a Redis");
        assertProblem("{minute: 5, algorithm: leaky}", "algorithm");
        assertProblem("{minute: 5, on_store_failure: maybe}", "on_store_failure");
        assertProblem("{minute: 5, redis: {host: r}}", "a Redis is used only with policy: redis");
        assertProblem("{minute: 5, policy: redis, redis: {url: 'http://r'}}", "unknown Redis URL scheme");
    }

    private static void assertProblem(String config, String expected) {
        String yaml = """
                _format_version: "3.0"
                services:
                - name: s
                  url: http://127.0.0.1:9
                  plugins:
                  - name: rate-limiting
                    config: %s
                """.formatted(config);
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> new ConfigPipeline(PluginRegistry.bundled()).parse(yaml, "bad.yaml"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        // The config line for what the record refuses, the entry's line for what needs the node (its Redis).
        assertTrue(e.getMessage().matches("(?s).*line [67]: plugin \"rate-limiting\".*"), e.getMessage());
    }

    private static void assertHeader(String expected, HttpResponse<String> r, String name, String... why) {
        assertEquals(expected, r.headers().firstValue(name).orElse(null), name + " " + String.join(" ", why));
    }
}
