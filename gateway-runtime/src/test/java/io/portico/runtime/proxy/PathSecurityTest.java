package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A protected route {@code /admin} (the test plugin header-auth) next to an open route {@code /public}: no spelling
 * of a path reaches the admin upstream without credentials, whether it tries dot segments, encodings, path
 * parameters, repeated slashes or case. The path is normalized once, and routing, plugins and the upstream all see
 * that one canonical form.
 */
class PathSecurityTest {
    private static RecordingUpstream admin;
    private static RecordingUpstream open;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        admin = RecordingUpstream.start("admin");
        open = RecordingUpstream.start("public");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: alice
                services:
                - name: admin
                  url: %s
                  routes:
                  - name: admin
                    paths: [/admin]
                    strip_path: false
                    plugins:
                    - name: header-auth
                - name: public
                  url: %s
                  routes:
                  - name: public
                    paths: [/public]
                    strip_path: false
                  - name: echo
                    paths: [/echo]
                    plugins:
                    - name: request-termination
                      config: {status_code: 200, echo: true}
                """.formatted(admin.url(), open.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        admin.close();
        open.close();
    }

    @BeforeEach
    void clear() {
        admin.received().clear();
        open.received().clear();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // the list
            "/public/../admin              | 401",
            "/public/%2e%2e/admin          | 401",
            "/public/..%2Fadmin            | 400",
            "//admin                       | 401",
            "/admin;x=1                    | 401",
            "/ADMIN                        | 404",
            "/admin%00                     | 400",
            "/admin/%0A                    | 400",
            // and their relatives
            "/public/..;/admin             | 400",
            "/public/..;x=y/admin          | 400",
            "/public/%2E%2E/admin          | 401",
            "/public/.%2e/admin            | 401",
            "/public/%252e%252e/admin      | 400",
            "/public/..%252Fadmin          | 400",
            "/public/..%5Cadmin            | 400",
            "/public/..\\admin             | 400",
            "/./admin                      | 401",
            "/%61dmin                      | 401",
            "/public/%2fadmin              | 400",
            "/admin%2F                     | 400",
            "/admin%0d%0aX-Test-User:alice | 400",
            "/Admin                        | 404",
            "/admin#fragment               | 401",
    })
    void noSpellingReachesTheAdminUpstreamWithoutCredentials(String path, int status) throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "GET " + path + " HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
        assertEquals(status, res.status(), path + ": " + res.body());
        assertTrue(admin.received().isEmpty(), path + " reached the admin upstream: " + admin.received());
    }

    @Test
    void withCredentialsTheCanonicalPathReachesTheAdminUpstream() throws Exception {
        for (String path : new String[]{"/public/../admin", "/public/%2e%2e/admin", "//admin", "/%61dmin"}) {
            RawMessage res = RawMessage.exchange(gw.port(), "GET " + path + " HTTP/1.1\r\nHost: gateway.test\r\n"
                    + "X-Test-User: alice\r\n\r\n");
            assertEquals(200, res.status(), path);
            assertEquals("/admin", admin.last().rawPath(), path);
        }
        RawMessage res = RawMessage.exchange(gw.port(), "GET /admin;x=1 HTTP/1.1\r\nHost: gateway.test\r\n"
                + "X-Test-User: alice\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("/admin;x=1", admin.last().rawPath(), "path parameters are part of the path");
    }

    /**
     * Path parameters stay in the path, but Tomcat or Spring drop them before routing: a path that the router would
     * match to one route with them and to another without them could be served under a route whose plugins never
     * ran. Such a path is refused.
     */
    @Test
    void pathParametersCannotMoveARequestToAnotherRoute() throws Exception {
        try (GatewayFixture twoRoutes = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: alice
                services:
                - name: app
                  url: %s
                  routes:
                  - name: everything
                    paths: [/]
                  - name: users-admin
                    paths: [/admin/users]
                    strip_path: false
                    plugins:
                    - name: header-auth
                  - name: reports
                    paths: ["~/reports/[0-9]+$"]
                    plugins:
                    - name: header-auth
                """.formatted(admin.url()))) {
            for (String path : new String[]{"/admin;x=/users", "/admin;/users", "/;x/admin/users",
                    "/reports/1;x=y", "/reports;/1"}) {
                RawMessage res = RawMessage.exchange(twoRoutes.port(), "GET " + path
                        + " HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
                assertEquals(400, res.status(), path);
            }
            assertTrue(admin.received().isEmpty(), admin.received().toString());
            // the same route either way: served, with its parameters
            RawMessage res = RawMessage.exchange(twoRoutes.port(), "GET /admin/users;jsessionid=S1 HTTP/1.1\r\n"
                    + "Host: gateway.test\r\nX-Test-User: alice\r\n\r\n");
            assertEquals(200, res.status());
            assertEquals("/admin/users;jsessionid=S1", admin.last().rawPath());
            res = RawMessage.exchange(twoRoutes.port(), "GET /shop/cart;jsessionid=S1 HTTP/1.1\r\n"
                    + "Host: gateway.test\r\n\r\n");
            assertEquals(200, res.status());
            assertEquals("/shop/cart;jsessionid=S1", admin.last().rawPath());
        }
    }

    @Test
    void routingPluginsAndTheUpstreamSeeTheSamePath() throws Exception {
        String raw = "/./a/../b//c/%7Euser;v=1/%c3%a9";
        RawMessage upstream = RawMessage.exchange(gw.port(), "GET /public" + raw + "?q=%2F HTTP/1.1\r\n"
                + "Host: gateway.test\r\n\r\n");
        assertEquals(200, upstream.status());
        assertEquals("/public/b/c/~user;v=1/%C3%A9", open.last().rawPath());
        assertEquals("q=%2F", open.last().rawQuery(), "the query goes as it came");

        RawMessage plugin = RawMessage.exchange(gw.port(), "GET /echo" + raw + " HTTP/1.1\r\n"
                + "Host: gateway.test\r\n\r\n");
        assertEquals(200, plugin.status());
        assertTrue(plugin.body().contains("\"path\":\"/echo/b/c/~user;v=1/%C3%A9\""), plugin.body());
    }

    @Test
    void aRefusedPathKeepsTheConnectionUsable() throws Exception {
        // The path is wrong, not the framing: the next request on the connection is served.
        try (RawMessage.Connection c = new RawMessage.Connection(gw.port())) {
            c.send("GET /public/..%2Fadmin HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
            RawMessage refused = c.read(false);
            assertEquals(400, refused.status());
            assertEquals("{\"message\":\"Bad request\"}", refused.body());
            c.send("GET /public/ok HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
            assertEquals(200, c.read(false).status());
        }
    }
}
