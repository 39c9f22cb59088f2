package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.portico.runtime.router.TestRoute.all;
import static io.portico.runtime.router.TestRoute.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouterTest {

    private static String winner(Router router, String method, String host, String path) {
        return winner(router, method, host, path, Map.of());
    }

    private static String winner(Router router, String method, String host, String path,
                                 Map<String, List<String>> headers) {
        RouteMatch match = router.match(method, host, path, name -> headers.getOrDefault(name, List.of()));
        return match == null ? null : match.route().name();
    }

    @Nested
    class Attributes {

        // The example of Kong's docs, "Routing criteria".
        private final Router router = Router.compile(all(
                route("r").hosts("example.com", "foo-service.com").paths("/foo", "/bar").methods("GET")));

        @Test
        void requestMatchingEveryAttributeMatches() {
            assertEquals("r", winner(router, "GET", "example.com", "/foo"));
            assertEquals("r", winner(router, "GET", "foo-service.com", "/bar"));
            assertEquals("r", winner(router, "GET", "example.com", "/foo/hello/world"));
        }

        @Test
        void requestMissingOneAttributeDoesNotMatch() {
            assertNull(winner(router, "GET", "example.com", "/"));
            assertNull(winner(router, "POST", "example.com", "/foo"));
            assertNull(winner(router, "GET", "foo.com", "/foo"));
            assertNull(winner(router, "GET", null, "/foo"));
        }

        @Test
        void prefixesArePlainStringPrefixesAsInKong() {
            assertEquals("r", winner(router, "GET", "example.com", "/foobar"));
        }

        @Test
        void prefixesSharingTextAreEachFound() {
            Router r = Router.compile(all(
                    route("abc").paths("/abc"),
                    route("abcdef").paths("/abcdef"),
                    route("abd").paths("/abd"),
                    route("ab-regex").paths("~/ab[x-z]")));
            assertEquals("abc", winner(r, "GET", "x", "/abcde"));
            assertEquals("abcdef", winner(r, "GET", "x", "/abcdefg"));
            assertEquals("abd", winner(r, "GET", "x", "/abd"));
            assertEquals("ab-regex", winner(r, "GET", "x", "/aby"));
            assertNull(winner(r, "GET", "x", "/ab"));
            assertNull(winner(r, "GET", "x", "/a"));
            assertNull(winner(r, "GET", "x", ""));
        }

        @Test
        void methodsAreAnyOf() {
            Router r = Router.compile(all(route("read").methods("GET", "HEAD")));
            assertEquals("read", winner(r, "GET", "x", "/"));
            assertEquals("read", winner(r, "HEAD", "x", "/resource"));
            assertNull(winner(r, "POST", "x", "/"));
            assertNull(winner(r, "DELETE", "x", "/"));
        }

        @Test
        void sizeCountsRoutes() {
            assertEquals(1, router.size());
            assertEquals(0, Router.compile(List.of()).size());
            assertNull(Router.compile(List.of()).match("GET", "x", "/", HeaderLookup.NONE));
        }
    }

    @Nested
    class Hosts {

        @Test
        void leadingWildcardMatchesAnyDepthButNotTheBareDomain() {
            Router router = Router.compile(all(route("w").hosts("*.example.com")));
            assertEquals("w", winner(router, "GET", "an.example.com", "/"));
            assertEquals("w", winner(router, "GET", "x.y.example.com", "/"));
            assertNull(winner(router, "GET", "example.com", "/"));
            assertNull(winner(router, "GET", "example.org", "/"));
            assertNull(winner(router, "GET", "an.example.com.evil.org", "/"));
        }

        @Test
        void trailingWildcardMatchesAnyTopLevel() {
            Router router = Router.compile(all(route("w").hosts("example.*")));
            assertEquals("w", winner(router, "GET", "example.com", "/"));
            assertEquals("w", winner(router, "GET", "example.org", "/"));
            assertNull(winner(router, "GET", "www.example.com", "/"));
            assertNull(winner(router, "GET", "examples.com", "/"));
        }

        @Test
        void hostWithPortDemandsThatPort() {
            Router router = Router.compile(all(route("p").hosts("example.com:8080"), route("w").hosts("*.test:81")));
            assertEquals("p", winner(router, "GET", "example.com:8080", "/"));
            assertNull(winner(router, "GET", "example.com:9090", "/"));
            assertEquals("w", winner(router, "GET", "a.test:81", "/"));
            assertNull(winner(router, "GET", "a.test:82", "/"));
        }

        @Test
        void hostWithoutPortInHeaderUsesTheListenerPortWhenKnown() {
            Router router = Router.compile(all(route("p").hosts("example.com:8080")));
            assertNull(router.match("GET", "example.com", "/", HeaderLookup.NONE));
            assertNotNull(router.match("GET", "example.com", 8080, "/", HeaderLookup.NONE));
            assertNull(router.match("GET", "example.com", 8000, "/", HeaderLookup.NONE));
        }

        @Test
        void hostWithoutPortAcceptsAnyPort() {
            Router router = Router.compile(all(route("h").hosts("example.com")));
            assertEquals("h", winner(router, "GET", "example.com:1234", "/"));
            assertEquals("h", winner(router, "GET", "example.com", "/"));
        }

        @Test
        void hostHeaderIsCaseInsensitive() {
            Router router = Router.compile(all(route("h").hosts("example.com"), route("w").hosts("*.test.org")));
            assertEquals("h", winner(router, "GET", "Example.COM", "/"));
            assertEquals("w", winner(router, "GET", "API.Test.org:443", "/"));
        }

        @Test
        void ipv6HostWithPort() {
            Router router = Router.compile(all(route("v6").hosts("[::1]:8000")));
            assertEquals("v6", winner(router, "GET", "[::1]:8000", "/"));
            assertNull(winner(router, "GET", "[::1]:9000", "/"));
        }

        @Test
        void routesWithoutHostsMatchAnyHostIncludingNone() {
            Router router = Router.compile(all(route("p").paths("/")));
            assertEquals("p", winner(router, "GET", "whatever.org", "/x"));
            assertEquals("p", winner(router, "GET", null, "/x"));
        }
    }

    @Nested
    class Headers {

        @Test
        void valuesAreAnyOfAndCaseInsensitive() {
            // Kong docs, "Headers": {"version": ["v1", "v2"]}
            Router router = Router.compile(all(route("h").header("version", "v1", "v2")));
            assertEquals("h", winner(router, "GET", "x", "/", Map.of("version", List.of("v1"))));
            assertEquals("h", winner(router, "GET", "x", "/", Map.of("version", List.of("V2"))));
            assertNull(winner(router, "GET", "x", "/", Map.of("version", List.of("v3"))));
            assertNull(winner(router, "GET", "x", "/"));
        }

        @Test
        void anyRequestValueMayMatch() {
            Router router = Router.compile(all(route("h").header("x-tenant", "blue")));
            assertEquals("h", winner(router, "GET", "x", "/", Map.of("x-tenant", List.of("red", "blue"))));
        }

        @Test
        void everyHeaderNameMustMatch() {
            Router router = Router.compile(all(route("h").header("region", "north").header("tier", "gold")));
            assertEquals("h", winner(router, "GET", "x", "/",
                    Map.of("region", List.of("North"), "tier", List.of("gold"))));
            assertNull(winner(router, "GET", "x", "/", Map.of("region", List.of("north"))));
        }

        @Test
        void tildeStarValueIsCaseInsensitiveRegexSearchedInTheValue() {
            Router router = Router.compile(all(route("h").header("user-agent", "~*mobile/\\d+")));
            assertEquals("h", winner(router, "GET", "x", "/", Map.of("user-agent", List.of("Foo MOBILE/12 bar"))));
            assertNull(winner(router, "GET", "x", "/", Map.of("user-agent", List.of("Foo mobile/x"))));
        }

        @Test
        void nullHeaderLookupMeansNoHeaders() {
            Router router = Router.compile(all(route("h").header("a", "1"), route("p").paths("/")));
            assertEquals("p", router.match("GET", "x", "/", null).route().name());
        }
    }

    @Nested
    class Precedence {

        @Test
        void moreAttributeCategoriesWin() {
            // Kong docs, "Route priority": hosts vs hosts + methods, then hosts + methods + paths.
            Router router = Router.compile(all(
                    route("hosts").hosts("example.com"),
                    route("hosts+methods").hosts("example.com").methods("POST"),
                    route("hosts+methods+paths").hosts("example.com").methods("POST").paths("/")));
            assertEquals("hosts", winner(router, "GET", "example.com", "/"));
            assertEquals("hosts+methods+paths", winner(router, "POST", "example.com", "/"));
        }

        @Test
        void moreCategoriesBeatALongerPath() {
            Router router = Router.compile(all(
                    route("long").paths("/api/v1/very/long/prefix"),
                    route("method").methods("GET").paths("/")));
            assertEquals("method", winner(router, "GET", "x", "/api/v1/very/long/prefix/items"));
            assertEquals("long", winner(router, "POST", "x", "/api/v1/very/long/prefix/items"));
        }

        @Test
        void plainHostsBeatWildcards() {
            Router router = Router.compile(all(
                    route("wild").hosts("*.example.com").paths("/"),
                    route("plain").hosts("api.example.com").paths("/")));
            assertEquals("plain", winner(router, "GET", "api.example.com", "/x"));
            assertEquals("wild", winner(router, "GET", "www.example.com", "/x"));
        }

        @Test
        void aRouteWithOneWildcardAmongItsHostsIsAWildcardRoute() {
            Router router = Router.compile(all(
                    route("mixed").hosts("api.example.com", "*.example.org").paths("/"),
                    route("plain").hosts("api.example.com").paths("/")));
            assertEquals("plain", winner(router, "GET", "api.example.com", "/"));
        }

        @Test
        void moreHeadersWin() {
            Router router = Router.compile(all(
                    route("one").header("a", "1").paths("/"),
                    route("two").header("a", "1").header("b", "2").paths("/")));
            assertEquals("two", winner(router, "GET", "x", "/", Map.of("a", List.of("1"), "b", List.of("2"))));
            assertEquals("one", winner(router, "GET", "x", "/", Map.of("a", List.of("1"))));
        }

        @Test
        void longestPrefixWins() {
            // Kong docs: "/service" and "/service/resource", the former does not shadow the latter.
            Router router = Router.compile(all(
                    route("short").paths("/service"),
                    route("long").paths("/service/resource")));
            assertEquals("long", winner(router, "GET", "x", "/service/resource/1"));
            assertEquals("short", winner(router, "GET", "x", "/service/other"));
        }

        @Test
        void eachPathOfARouteHasItsOwnLength() {
            // traditional_compatible splits a route by path length, so /a does not lend its weakness to /abc/def.
            Router router = Router.compile(all(
                    route("a").paths("/a", "/abc/def"),
                    route("b").paths("/abc")));
            assertEquals("a", winner(router, "GET", "x", "/abc/def/x"));
            assertEquals("b", winner(router, "GET", "x", "/abc/x"));
            assertEquals("a", winner(router, "GET", "x", "/ax"));
        }

        @Test
        void regexBeatsPrefix() {
            // Kong issue #4121: /api/account vs ~/api/.* for /api/account/getAll -> the regex.
            Router router = Router.compile(all(
                    route("prefix").paths("/api/account"),
                    route("regex").paths("~/api/.*")));
            assertEquals("regex", winner(router, "GET", "x", "/api/account/getAll"));
        }

        @Test
        void regexEvaluationOrderFromKongDocs() {
            Router router = Router.compile(all(
                    route("status").paths("~/status/\\d+").regexPriority(0),
                    route("version-status").paths("~/version/\\d+/status/\\d+").regexPriority(6),
                    route("version").paths("/version"),
                    route("version-any").paths("~/version/any/")));
            assertEquals("version-status", winner(router, "GET", "x", "/version/1/status/2"));
            assertEquals("status", winner(router, "GET", "x", "/status/12"));
            assertEquals("version-any", winner(router, "GET", "x", "/version/any/thing"));
            assertEquals("version", winner(router, "GET", "x", "/version/7"));
        }

        @Test
        void higherRegexPriorityWinsAndNegativeOnesOrderNumerically() {
            Router router = Router.compile(all(
                    route("low").paths("~/items/\\d+").regexPriority(-5),
                    route("high").paths("~/items/.*").regexPriority(3),
                    route("zero").paths("~/items/1").regexPriority(0)));
            assertEquals("high", winner(router, "GET", "x", "/items/1"));
            Router withoutHigh = Router.compile(all(
                    route("low").paths("~/items/\\d+").regexPriority(-5),
                    route("zero").paths("~/items/1").regexPriority(0)));
            assertEquals("zero", withoutHigh.match("GET", "x", "/items/1", HeaderLookup.NONE).route().name());
            assertEquals("low", winner(withoutHigh, "GET", "x", "/items/2"));
        }

        @Test
        void perfectTieGoesToTheRouteDeclaredFirst() {
            Router router = Router.compile(all(
                    route("first").hosts("a.com").paths("/x"),
                    route("second").hosts("a.com").paths("/x")));
            assertEquals("first", winner(router, "GET", "a.com", "/x"));
            Router regexes = Router.compile(all(
                    route("first").paths("~/x/\\d"),
                    route("second").paths("~/x/.*")));
            assertEquals("first", winner(regexes, "GET", "a.com", "/x/1"));
        }

        @Test
        void hostSpecificRouteBeatsCatchAll() {
            Router router = Router.compile(all(
                    route("catch-all").paths("/"),
                    route("tenant").hosts("tenant.example.com").paths("/")));
            assertEquals("tenant", winner(router, "GET", "tenant.example.com", "/orders"));
            assertEquals("catch-all", winner(router, "GET", "other.example.com", "/orders"));
        }

        @Test
        void aBetterRouteThatFailsMethodOrHeadersLetsTheNextOneWin() {
            Router router = Router.compile(all(
                    route("fallback").paths("/orders"),
                    route("post").paths("/orders").methods("POST"),
                    route("beta").paths("/orders").methods("POST").header("x-beta", "1")));
            assertEquals("beta", winner(router, "POST", "x", "/orders", Map.of("x-beta", List.of("1"))));
            assertEquals("post", winner(router, "POST", "x", "/orders"));
            assertEquals("fallback", winner(router, "GET", "x", "/orders"));
        }
    }

    @Nested
    class Regexes {

        @Test
        void regexIsAnchoredAtTheStartOnly() {
            Router router = Router.compile(all(route("r").paths("~/bar")));
            assertEquals("r", winner(router, "GET", "x", "/bar/baz"));
            assertNull(winner(router, "GET", "x", "/foo/bar"));
        }

        @Test
        void namedAndNumberedCaptures() {
            // Kong docs, "Capture groups".
            Router router = Router.compile(all(route("r").paths("~/version/(?<version>\\d+)/users/(?<user>\\S+)")));
            RouteMatch match = router.match("GET", "x", "/version/1/users/john", HeaderLookup.NONE);
            assertEquals(Map.of("1", "1", "2", "john", "version", "1", "user", "john"), match.captures());
            assertEquals("/version/1/users/john", match.matchedPath());
        }

        @Test
        void unnamedCapturesAndGroupsThatDidNotTakePart() {
            Router router = Router.compile(all(route("r").paths("~/items/(\\d+)(/(\\w+))?")));
            RouteMatch match = router.match("GET", "x", "/items/42/details", HeaderLookup.NONE);
            assertEquals(Map.of("1", "42", "2", "/details", "3", "details"), match.captures());
            RouteMatch shorter = router.match("GET", "x", "/items/42", HeaderLookup.NONE);
            assertEquals(Map.of("1", "42"), shorter.captures());
        }

        @Test
        void pythonStyleNamedGroupsAreAccepted() {
            Router router = Router.compile(all(route("r").paths("~/u/(?P<id>\\d+)")));
            assertEquals("7", router.match("GET", "x", "/u/7", HeaderLookup.NONE).captures().get("id"));
        }

        @Test
        void matchedPathIsTheMatchedPortion() {
            Router router = Router.compile(all(route("r").paths("~/files/\\d+")));
            RouteMatch match = router.match("GET", "x", "/files/12/content", HeaderLookup.NONE);
            assertEquals("/files/12", match.matchedPath());
            assertEquals("/content", match.strippedPath());
        }

        @Test
        void quantifierAfterTheLiteralStartIsHonoured() {
            Router router = Router.compile(all(route("r").paths("~/ab?c")));
            assertEquals("r", winner(router, "GET", "x", "/ac"));
            assertEquals("r", winner(router, "GET", "x", "/abc"));
        }

        @Test
        void alternationAndInlineFlagsWork() {
            Router router = Router.compile(all(
                    route("alt").paths("~/v1|/v2"),
                    route("flag").paths("~(?i)/admin")));
            assertEquals("alt", winner(router, "GET", "x", "/v2/x"));
            assertEquals("flag", winner(router, "GET", "x", "/ADMIN/users"));
        }

        @Test
        void invalidRegexNamesTheRoute() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Router.compile(all(route("broken").paths("~/x(("))));
            assertEquals(true, e.getMessage().contains("broken"), e.getMessage());
        }
    }

    @Nested
    class Stripping {

        @Test
        void stripPathRemovesTheMatchedPrefix() {
            Router router = Router.compile(all(route("r").paths("/orders")));
            RouteMatch match = router.match("GET", "x", "/orders/1", HeaderLookup.NONE);
            assertEquals("/orders", match.matchedPath());
            assertEquals("/1", match.strippedPath());
            assertEquals("/", router.match("GET", "x", "/orders", HeaderLookup.NONE).strippedPath());
            assertEquals("/x", router.match("GET", "x", "/ordersx", HeaderLookup.NONE).strippedPath());
        }

        @Test
        void withoutStripPathTheRequestPathIsKept() {
            Router router = Router.compile(all(route("r").paths("/orders").stripPath(false)));
            RouteMatch match = router.match("GET", "x", "/orders/1", HeaderLookup.NONE);
            assertEquals("/orders", match.matchedPath());
            assertEquals("/orders/1", match.strippedPath());
        }

        @Test
        void routeWithoutPathsHasNoMatchedPath() {
            Router router = Router.compile(all(route("r").hosts("a.com")));
            RouteMatch match = router.match("GET", "a.com", "/orders/1", HeaderLookup.NONE);
            assertNull(match.matchedPath());
            assertEquals(Map.of(), match.captures());
            assertEquals("/orders/1", match.strippedPath());
        }
    }

    @Nested
    class Scale {

        private static List<RouteConfig> manyRoutes(int count) {
            List<RouteConfig> routes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TestRoute route = route("r" + i).methods("GET", "POST");
                switch (i % 4) {
                    case 0 -> route.paths("/svc-" + i + "/v1");
                    case 1 -> route.hosts("svc-" + i + ".example.com").paths("/api");
                    case 2 -> route.paths("~/svc-" + i + "/items/(?<id>\\d+)$");
                    default -> route.hosts("*.tenant-" + i + ".example.com").paths("/", "/svc-" + i);
                }
                routes.add(route.build());
            }
            return routes;
        }

        @Test
        void lastOfFiveThousandRoutesIsFound() {
            List<RouteConfig> routes = manyRoutes(4_999);
            routes.add(route("last").hosts("last.example.com").paths("/svc-last/v1").methods("GET").build());
            Router router = Router.compile(routes);
            assertEquals(5_000, router.size());
            assertEquals("last", winner(router, "GET", "last.example.com", "/svc-last/v1/orders/42"));
            assertNull(winner(router, "GET", "unknown.example.org", "/nothing/here"));
        }

        @Test
        void everyKindOfRouteIsFoundAmongFiveThousand() {
            Router router = Router.compile(manyRoutes(5_000));
            assertEquals("r4996", winner(router, "GET", "x", "/svc-4996/v1/a"));
            assertEquals("r4997", winner(router, "POST", "svc-4997.example.com", "/api/b"));
            RouteMatch regex = router.match("GET", "x", "/svc-4998/items/17", HeaderLookup.NONE);
            assertEquals("r4998", regex.route().name());
            assertEquals("17", regex.captures().get("id"));
            assertEquals("r4999", winner(router, "GET", "a.tenant-4999.example.com", "/svc-4999/x"));
            assertEquals("r4999", winner(router, "GET", "a.b.tenant-4999.example.com", "/"));
            assertNull(winner(router, "DELETE", "x", "/svc-4996/v1/a"));
            assertNull(winner(router, "GET", "x", "/svc-4998/items/17/more"));
        }

        @Test
        void fiveThousandRoutesSharingOnePathDifferOnlyByHost() {
            List<RouteConfig> routes = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                routes.add(route("h" + i).hosts("h" + i + ".example.com").paths("/").build());
            }
            Router router = Router.compile(routes);
            assertEquals("h4999", winner(router, "GET", "h4999.example.com", "/x"));
            assertNull(winner(router, "GET", "h5000.example.com", "/x"));
        }
    }
}
