package io.portico.runtime.router;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The routing rules through real sockets: which upstream gets the request, and with which path and Host. */
class RoutingThroughGatewayTest {
    static RecordingUpstream a;
    static RecordingUpstream b;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        a = RecordingUpstream.start("a");
        b = RecordingUpstream.start("b");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: a
                  url: %s
                  routes:
                  - {name: catch-all, paths: [/]}
                  - {name: api, paths: [/api], strip_path: false}
                  - {name: stripped, paths: [/strip]}
                  - {name: host-exact, hosts: [api.example.com], paths: [/h]}
                  - {name: method-post, methods: [POST], paths: [/m]}
                  - {name: preserved, paths: [/preserve], preserve_host: true}
                  - name: tls-only
                    paths: [/secure]
                    protocols: [https]
                  - name: tls-redirect
                    paths: [/redirect]
                    protocols: [https]
                    https_redirect_status_code: 301
                - name: b
                  url: %s/v1
                  routes:
                  - {name: api-v2, paths: [/api], headers: {x-version: ["2"]}, strip_path: false}
                  - {name: host-wild, hosts: ["*.example.com"], paths: [/h]}
                  - {name: method-any, paths: [/m]}
                  - name: user
                    paths: ['~/users/(?<id>\\d+)$']
                  - name: user-low
                    paths: ['~/users/']
                    regex_priority: -1
                  - {name: joined, paths: [/b]}
                  - {name: host-only, hosts: [only.example.com]}
                """.formatted(a.url(), b.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        a.close();
        b.close();
    }

    private static String upstreamOf(HttpRequest.Builder request) {
        var res = gw.send(request.build());
        assertEquals(200, res.statusCode(), res.body());
        return res.body().replaceAll(".*\"upstream\":\"(\\w+)\".*", "$1");
    }

    private static RecordingUpstream.Received lastOf(String name) {
        return name.equals("a") ? a.last() : b.last();
    }

    @ParameterizedTest(name = "{0} {1} host={2} header={3} -> {4} {5}")
    @CsvSource({
            // method, path, host, x-version, upstream, upstream path
            "GET, /anything, , , a, /anything",
            "GET, /api/x, , , a, /api/x",
            "GET, /api/x, , 2, b, /v1/api/x",
            "GET, /strip/x/y, , , a, /x/y",
            "GET, /strip, , , a, /",
            "GET, /h, api.example.com, , a, /",
            "GET, /h, www.example.com, , b, /v1",
            "GET, /h, other.org, , a, /h",
            "POST, /m, , , a, /",
            "GET, /m, , , b, /v1",
            "GET, /users/42, , , b, /v1",
            "GET, /users/x, , , b, /v1/x",
            "GET, /b/c, , , b, /v1/c",
            "GET, /whatever, only.example.com, , b, /v1/whatever",
            "GET, /api/../strip/z, , , a, /z",
    })
    void routesAndRewritesPaths(String method, String path, String host, String version, String upstream,
                                String upstreamPath) {
        HttpRequest.Builder request = gw.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (version != null) {
            request.header("X-Version", version);
        }
        if (host != null) {
            request.header("Host", host);
        }
        assertEquals(upstream, upstreamOf(request));
        assertEquals(upstreamPath, lastOf(upstream).rawPath());
    }

    @Test
    void hostHeaderIsTheTargetsUnlessPreserved() {
        gw.get("/strip");
        assertEquals("127.0.0.1:" + a.port(), a.last().header("Host"));
        gw.get("/preserve");
        assertEquals("127.0.0.1:" + gw.port(), a.last().header("Host"));
    }

    @Test
    void httpsOnlyRoutes() {
        var upgrade = gw.get("/secure");
        assertEquals(426, upgrade.statusCode());
        assertEquals("{\"message\":\"Please use HTTPS protocol\"}", upgrade.body());
        var redirect = gw.get("/redirect/x?y=1");
        assertEquals(301, redirect.statusCode());
        assertEquals("https://127.0.0.1/redirect/x?y=1", redirect.headers().firstValue("Location").orElseThrow());
    }
}
