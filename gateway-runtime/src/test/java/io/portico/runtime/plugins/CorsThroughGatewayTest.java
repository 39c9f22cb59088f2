package io.portico.runtime.plugins;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cors through a real gateway with plain HTTP requests: every field, with Kong's headers and defaults
 * (kong/plugins/cors/handler.lua). {@link CorsInBrowserTest} shows the same plugin to a real browser.
 */
class CorsThroughGatewayTest {
    static final String APP = "https://app.example.com";
    static final String ALL_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT";

    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc").respondWith((exchange, received) -> {
            exchange.getResponseHeaders().add("Vary", "Accept-Encoding");
            exchange.getResponseHeaders().add("X-Exposed", "visible");
            RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "text/plain"), received.method());
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: full
                    paths: [/full]
                    plugins:
                    - name: cors
                      config:
                        origins: [https://app.example.com]
                        methods: [GET, PUT]
                        headers: [X-Custom, Authorization]
                        exposed_headers: [X-Exposed, X-Other]
                        credentials: true
                        max_age: 600
                        private_network: true
                  - name: defaults
                    paths: [/defaults]
                    plugins: [{name: cors}]
                  - name: several
                    paths: [/several]
                    plugins:
                    - name: cors
                      config:
                        origins: ["https://app.example.com", "http://localhost:3000", "(.*\\\\.)?example\\\\.org",
                                  "https://.*\\\\.example\\\\.net:8443"]
                  - name: star-credentials
                    paths: [/star-credentials]
                    plugins:
                    - name: cors
                      config: {origins: ["*"], credentials: true}
                  - name: continue
                    paths: [/continue]
                    plugins:
                    - name: cors
                      config: {preflight_continue: true}
                  - name: origin-required
                    paths: [/origin-required]
                    plugins:
                    - name: cors
                      config: {allow_origin_absent: false}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static HttpResponse<String> preflight(String path, String origin, String... headers) {
        HttpRequest.Builder builder = gw.request(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "PUT");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return gw.send(builder.build());
    }

    private static HttpResponse<String> get(String path, String origin) {
        HttpRequest.Builder builder = gw.request(path);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return gw.send(builder.build());
    }

    private static String header(HttpResponse<String> res, String name) {
        return res.headers().firstValue(name).orElse(null);
    }

    private static void assertNoCors(HttpHeaders headers) {
        assertFalse(headers.map().keySet().stream().anyMatch(n -> n.toLowerCase().startsWith("access-control-")),
                headers.map().toString());
    }

    @Test
    void preflightIsAnsweredByTheGatewayWithEveryField() {
        int before = upstream.received().size();
        HttpResponse<String> res = preflight("/full", APP, "Access-Control-Request-Headers", "x-custom",
                "Access-Control-Request-Private-Network", "true");
        assertEquals(200, res.statusCode());
        assertEquals("", res.body());
        assertEquals(APP, header(res, "Access-Control-Allow-Origin"));
        assertEquals("true", header(res, "Access-Control-Allow-Credentials"));
        assertEquals("X-Custom,Authorization", header(res, "Access-Control-Allow-Headers"));
        assertEquals("GET,PUT", header(res, "Access-Control-Allow-Methods"));
        assertEquals("600", header(res, "Access-Control-Max-Age"));
        assertEquals("true", header(res, "Access-Control-Allow-Private-Network"));
        assertEquals("Origin", header(res, "Vary"));
        assertEquals(null, header(res, "Access-Control-Expose-Headers"), "exposed headers are for responses");
        assertEquals(before, upstream.received().size(), "the upstream never sees the preflight");
    }

    @Test
    void preflightDefaults() {
        HttpResponse<String> res = preflight("/defaults", APP, "Access-Control-Request-Headers", "X-A, X-B");
        assertEquals(200, res.statusCode());
        assertEquals("*", header(res, "Access-Control-Allow-Origin"));
        assertEquals("X-A, X-B", header(res, "Access-Control-Allow-Headers"), "the requested headers are echoed");
        assertEquals(ALL_METHODS, header(res, "Access-Control-Allow-Methods"));
        assertEquals(null, header(res, "Access-Control-Max-Age"));
        assertEquals(null, header(res, "Access-Control-Allow-Credentials"));
        assertEquals(null, header(res, "Access-Control-Allow-Private-Network"));
        assertEquals(null, header(res, "Vary"), "any origin: the answer does not vary by origin");
        assertEquals(null, header(preflight("/defaults", APP), "Access-Control-Allow-Headers"));
    }

    @Test
    void responsesGetOriginCredentialsExposedHeadersAndVary() {
        HttpResponse<String> res = get("/full", APP);
        assertEquals("GET", res.body());
        assertEquals(APP, header(res, "Access-Control-Allow-Origin"));
        assertEquals("true", header(res, "Access-Control-Allow-Credentials"));
        assertEquals("X-Exposed,X-Other", header(res, "Access-Control-Expose-Headers"));
        assertEquals(List.of("Accept-Encoding", "Origin"), res.headers().allValues("Vary"),
                "Origin is added to the upstream's Vary");
        assertEquals(null, header(res, "Access-Control-Allow-Methods"), "methods are for preflights");
        // one plain origin is sent as it is, whatever the request's origin (the browser compares)
        assertEquals(APP, header(get("/full", "https://evil.example"), "Access-Control-Allow-Origin"));
    }

    @Test
    void severalOriginsExactAndRegex() {
        assertEquals(APP, header(get("/several", APP), "Access-Control-Allow-Origin"));
        assertEquals(APP, header(get("/several", "https://app.example.com:443"), "Access-Control-Allow-Origin"),
                "a default port is normalized away");
        assertEquals("http://localhost:3000", header(get("/several", "http://localhost:3000"),
                "Access-Control-Allow-Origin"));
        assertEquals(null, header(get("/several", "http://localhost:3001"), "Access-Control-Allow-Origin"));
        // a regex without ':' matches the host, anchored at both ends
        assertEquals("https://api.example.org", header(get("/several", "https://api.example.org"),
                "Access-Control-Allow-Origin"));
        assertEquals("http://example.org:8080", header(get("/several", "http://example.org:8080"),
                "Access-Control-Allow-Origin"));
        assertEquals(null, header(get("/several", "https://example.org.evil.com"), "Access-Control-Allow-Origin"));
        // a regex with ':' matches the whole origin
        assertEquals("https://a.example.net:8443", header(get("/several", "https://a.example.net:8443"),
                "Access-Control-Allow-Origin"));
        assertEquals(null, header(get("/several", "https://a.example.net"), "Access-Control-Allow-Origin"));
        HttpResponse<String> refused = get("/several", "https://nope.test");
        assertEquals(200, refused.statusCode(), "the browser refuses, not the gateway");
        assertEquals(List.of("Accept-Encoding", "Origin"), refused.headers().allValues("Vary"));
    }

    @Test
    void credentialsWithAnyOriginEchoTheOrigin() {
        HttpResponse<String> res = get("/star-credentials", APP);
        assertEquals(APP, header(res, "Access-Control-Allow-Origin"), "'*' cannot go with credentials");
        assertEquals("true", header(res, "Access-Control-Allow-Credentials"));
        assertEquals(List.of("Accept-Encoding", "Origin"), res.headers().allValues("Vary"));
        HttpResponse<String> noOrigin = get("/star-credentials", null);
        assertEquals("*", header(noOrigin, "Access-Control-Allow-Origin"));
        assertEquals(null, header(noOrigin, "Access-Control-Allow-Credentials"));
    }

    @Test
    void preflightContinueSendsThePreflightUpstreamUntouched() {
        HttpResponse<String> res = preflight("/continue", APP);
        assertEquals("OPTIONS", res.body(), "the upstream answered");
        assertEquals("OPTIONS", upstream.last().method());
        assertNoCors(res.headers());
    }

    @Test
    void anOptionsRequestThatIsNoPreflightIsProxied() {
        HttpResponse<String> res = gw.send(gw.request("/full").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP).build());
        assertEquals("OPTIONS", res.body());
        assertEquals(APP, header(res, "Access-Control-Allow-Origin"));
    }

    @Test
    void allowOriginAbsent() {
        assertEquals("*", header(get("/defaults", null), "Access-Control-Allow-Origin"), "default true");
        assertNoCors(get("/origin-required", null).headers());
        assertEquals("*", header(get("/origin-required", APP), "Access-Control-Allow-Origin"));
    }

    @Test
    void badConfigNamesTheField() {
        ConfigProblems.assertRefused("cors", "{origins: [\"(\"]}", "origins[0]", "not a valid regex");
        ConfigProblems.assertRefused("cors", "{methods: [GET, FETCH]}", "methods[1]", "expected one of");
        ConfigProblems.assertRefused("cors", "{max_age: ten}", "max_age", "number");
        ConfigProblems.assertRefused("cors", "{credentials: \"yes\"}", "credentials", "boolean");
        ConfigValidationException onConsumer = assertThrows(ConfigValidationException.class,
                () -> new ConfigPipeline(PluginRegistry.load(null)).parse("""
                        _format_version: "3.0"
                        consumers:
                        - username: alice
                          plugins: [{name: cors}]
                        """, "consumer.yaml"));
        assertTrue(onConsumer.getMessage().contains("cors cannot be attached to a consumer"), onConsumer.getMessage());
    }
}
