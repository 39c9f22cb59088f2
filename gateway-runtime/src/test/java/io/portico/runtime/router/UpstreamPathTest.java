package io.portico.runtime.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.portico.runtime.router.TestRoute.all;
import static io.portico.runtime.router.TestRoute.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Kong's path joining, row by row: the table of the Admin API reference ("Path handling algorithms") and the full
 * table Kong's own router tests run ({@code spec/fixtures/router_path_handling_tests.lua}), each through a real
 * {@link Router} match, with the route path as a prefix and again as a regex.
 */
class UpstreamPathTest {

    private static final String HOST = "localbin.test";

    @ParameterizedTest(name = "service {0}, route {1}, strip {2}, {3}: {4} -> {5}")
    @CsvSource({
            // s.path, r.path, r.strip_path, r.path_handling, request path, proxied path
            "/s, /fv0,  false, v0, /fv0req,  /s/fv0req",
            "/s, /fv1,  false, v1, /fv1req,  /sfv1req",
            "/s, /tv0,  true,  v0, /tv0req,  /s/req",
            "/s, /tv1,  true,  v1, /tv1req,  /sreq",
            "/s, /fv0/, false, v0, /fv0/req, /s/fv0/req",
            "/s, /fv1/, false, v1, /fv1/req, /sfv1/req",
            "/s, /tv0/, true,  v0, /tv0/req, /s/req",
            "/s, /tv1/, true,  v1, /tv1/req, /sreq",
    })
    void adminApiReferenceTable(String servicePath, String routePath, boolean strip, String handling,
                                String requestPath, String expected) {
        assertEquals(expected, proxiedPath(servicePath, routePath, strip, handling, requestPath));
    }

    /**
     * Kong's fixture, one line per row: service path, route path ({@code nil} = the route matches by host only),
     * strip_path ({@code both} = false and true), path_handling ({@code both} = v0 and v1), request, expected.
     * Kong's rows with {@code %2E} / {@code %2e} in the request are the {@code ./} and {@code ../} rows once the
     * server has normalized the path (the router is given normalized paths), so they appear once, normalized.
     */
    private static final String KONG_FIXTURE = """
            /          /         both   both  /                 /
            /          /         both   both  /route            /route
            /          /         both   both  /route/           /route/
            /          /         both   both  /routereq         /routereq
            /          /         both   both  /route/req        /route/req
            /          /route    false  both  /route            /route
            /          /route    false  both  /route/           /route/
            /          /route    false  both  /routereq         /routereq
            /          /route    true   both  /route            /
            /          /route    true   both  /route/           /
            /          /route    true   both  /routereq         /req
            /          /route/   false  both  /route/           /route/
            /          /route/   false  both  /route/req        /route/req
            /          /route/   true   both  /route/           /
            /          /route/   true   both  /route/req        /req
            /srv       /rou      false  v0    /roureq           /srv/roureq
            /srv       /rou      false  v1    /roureq           /srvroureq
            /srv       /rou      true   v0    /roureq           /srv/req
            /srv       /rou      true   v1    /roureq           /srvreq
            /srv/      /rou      false  both  /rou              /srv/rou
            /srv/      /rou      true   v0    /rou              /srv
            /srv/      /rou      true   v1    /rou              /srv/
            /service   /         both   both  /                 /service
            /service   /         both   v0    /route            /service/route
            /service   /         both   v1    /route            /serviceroute
            /service   /         both   v0    /route/           /service/route/
            /service   /         both   v1    /route/           /serviceroute/
            /service   /         both   v0    /routereq         /service/routereq
            /service   /         both   v1    /routereq         /serviceroutereq
            /service   /         both   v0    /route/req        /service/route/req
            /service   /         both   v1    /route/req        /serviceroute/req
            /service   /route    false  v0    /route            /service/route
            /service   /route    false  v1    /route            /serviceroute
            /service   /route    false  v0    /route/           /service/route/
            /service   /route    false  v1    /route/           /serviceroute/
            /service   /route    false  v0    /routereq         /service/routereq
            /service   /route    false  v1    /routereq         /serviceroutereq
            /service   /route    true   both  /route            /service
            /service   /route    true   both  /route/           /service/
            /service   /route    true   v0    /routereq         /service/req
            /service   /route    true   v1    /routereq         /servicereq
            /service   /route/   false  v0    /route/           /service/route/
            /service   /route/   false  v1    /route/           /serviceroute/
            /service   /route/   false  v0    /route/req        /service/route/req
            /service   /route/   false  v1    /route/req        /serviceroute/req
            /service   /route/   true   v0    /route/           /service/
            /service   /route/   true   v1    /route/           /service
            /service   /route/   true   v0    /route/req        /service/req
            /service   /route/   true   v1    /route/req        /servicereq
            /service/  /         both   v0    /route/           /service/route/
            /service/  /         both   v1    /route/           /service/route/
            /service/  /         both   both  /                 /service/
            /service/  /         both   both  /route            /service/route
            /service/  /         both   both  /routereq         /service/routereq
            /service/  /         both   both  /route/req        /service/route/req
            /service/  /route    false  both  /route            /service/route
            /service/  /route    false  both  /route/           /service/route/
            /service/  /route    false  both  /routereq         /service/routereq
            /service/  /route    true   v0    /route            /service
            /service/  /route    true   v1    /route            /service/
            /service/  /route    true   both  /route/           /service/
            /service/  /route    true   both  /routereq         /service/req
            /service/  /route/   false  both  /route/           /service/route/
            /service/  /route/   false  both  /route/req        /service/route/req
            /service/  /route/   true   both  /route/           /service/
            /service/  /route/   true   both  /route/req        /service/req
            /          nil       both   both  /                 /
            /          nil       both   both  /route            /route
            /          nil       both   both  /route/           /route/
            /service   nil       both   both  /                 /service
            /service   nil       both   v0    /route            /service/route
            /service   nil       both   v1    /route            /serviceroute
            /service   nil       both   v0    /route/           /service/route/
            /service   nil       both   v1    /route/           /serviceroute/
            /service/  nil       both   both  /                 /service/
            /service/  nil       both   both  /route            /service/route
            /service/  nil       both   both  /route/           /service/route/
            /service   /route    true   v0    /route./req       /service/req
            /service   /route    true   v1    /route./req       /servicereq
            /service/  /route    true   both  /route./req       /service/req
            /service   /route    true   v0    /route../req      /service/req
            /service   /route    true   v1    /route../req      /servicereq
            /service/  /route    true   both  /route../req      /service/req
            /service   /route    false  v0    /route./req       /service/route./req
            /service   /route    false  v1    /route./req       /serviceroute./req
            /service/  /route    false  both  /route./req       /service/route./req
            /service   /route    false  v0    /route../req      /service/route../req
            /service   /route    false  v1    /route../req      /serviceroute../req
            /service/  /route    false  both  /route../req      /service/route../req
            """;

    static Stream<Arguments> kongFixture() {
        List<Arguments> rows = new ArrayList<>();
        for (String line : KONG_FIXTURE.strip().split("\n")) {
            String[] c = line.trim().split("\\s+");
            String routePath = c[1].equals("nil") ? null : c[1];
            for (String strip : expand(c[2], "false", "true")) {
                for (String handling : expand(c[3], "v0", "v1")) {
                    rows.add(Arguments.of(c[0], routePath, Boolean.parseBoolean(strip), handling, c[4], c[5]));
                }
            }
        }
        return rows.stream();
    }

    private static List<String> expand(String value, String first, String second) {
        return value.equals("both") ? List.of(first, second) : List.of(value);
    }

    @ParameterizedTest(name = "prefix: service {0}, route {1}, strip {2}, {3}: {4} -> {5}")
    @MethodSource("kongFixture")
    void kongFixtureWithPrefixPaths(String servicePath, String routePath, boolean strip, String handling,
                                    String requestPath, String expected) {
        assertEquals(expected, proxiedPath(servicePath, routePath, strip, handling, requestPath));
    }

    @ParameterizedTest(name = "regex: service {0}, route {1}, strip {2}, {3}: {4} -> {5}")
    @MethodSource("kongFixture")
    void kongFixtureWithRegexPaths(String servicePath, String routePath, boolean strip, String handling,
                                   String requestPath, String expected) {
        if (routePath == null) {
            return; // host-only rows have no path to turn into a regex
        }
        // Kong's own trick: a regex that matches exactly what the prefix does.
        String regex = "~/[0]?" + routePath.substring(1);
        assertEquals(expected, proxiedPath(servicePath, regex, strip, handling, requestPath));
    }

    @Test
    void missingServicePathMeansSlash() {
        RouteMatch match = match(route("r").paths("/api").stripPath(true), "/api/users");
        assertEquals("/users", UpstreamPath.join(null, match, "/api/users"));
        assertEquals("/users", UpstreamPath.join("", match, "/api/users"));
    }

    @Test
    void strippedPathIsWhatAServiceAtSlashReceives() {
        for (String request : List.of("/api", "/api/", "/api/users", "/apix")) {
            RouteMatch match = match(route("r").paths("/api"), request);
            assertEquals(UpstreamPath.join("/", match, request), match.strippedPath(), request);
        }
    }

    private static String proxiedPath(String servicePath, String routePath, boolean strip, String handling,
                                      String requestPath) {
        TestRoute route = route("r").stripPath(strip).pathHandling(handling);
        if (routePath == null) {
            route.hosts(HOST);
        } else {
            route.paths(routePath);
        }
        return UpstreamPath.join(servicePath, match(route, requestPath), requestPath);
    }

    private static RouteMatch match(TestRoute route, String requestPath) {
        RouteMatch match = Router.compile(all(route)).match("GET", HOST, requestPath, HeaderLookup.NONE);
        assertNotNull(match, "the route should match " + requestPath);
        return match;
    }
}
