package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.portico.runtime.router.TestRoute.all;
import static io.portico.runtime.router.TestRoute.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteConflictsTest {

    @Test
    void identicalRoutesConflictAndTheReasonSaysWhatTheyShare() {
        List<RouteConflict> conflicts = RouteConflicts.find(all(
                route("a").methods("GET").hosts("example.com").paths("/orders"),
                route("b").methods("GET").hosts("example.com").paths("/orders")));
        assertEquals(1, conflicts.size());
        RouteConflict conflict = conflicts.get(0);
        assertEquals("a", conflict.first().name());
        assertEquals("b", conflict.second().name());
        assertEquals("both match GET example.com /orders", conflict.reason());
    }

    @Test
    void orderOfListsAndCaseOfPlainHeaderValuesDoNotMatter() {
        List<RouteConflict> conflicts = RouteConflicts.find(all(
                route("a").methods("GET", "POST").hosts("a.com", "b.com").header("x-v", "One", "two").paths("/x"),
                route("b").methods("POST", "GET").hosts("b.com", "a.com").header("x-v", "TWO", "one").paths("/x")));
        assertEquals(1, conflicts.size());
        assertTrue(conflicts.get(0).reason().contains("with headers x-v: one|two"), conflicts.get(0).reason());
    }

    @Test
    void oneSharedPathIsEnough() {
        List<RouteConflict> conflicts = RouteConflicts.find(all(
                route("a").paths("/a", "/b"),
                route("b").paths("/c", "/b")));
        assertEquals(1, conflicts.size());
        assertEquals("both match any method any host /b", conflicts.get(0).reason());
    }

    @Test
    void routesWithoutPathsConflictOnTheRest() {
        List<RouteConflict> conflicts = RouteConflicts.find(all(
                route("a").hosts("example.com"),
                route("b").hosts("example.com")));
        assertEquals(1, conflicts.size());
        assertEquals("both match any method example.com any path", conflicts.get(0).reason());
    }

    @Test
    void regexPathsConflictOnlyWithEqualRegexPriority() {
        assertEquals(0, RouteConflicts.find(all(
                route("a").paths("~/x/\\d+").regexPriority(1),
                route("b").paths("~/x/\\d+").regexPriority(2))).size());
        List<RouteConflict> conflicts = RouteConflicts.find(all(
                route("a").paths("~/x/\\d+").regexPriority(2),
                route("b").paths("~/x/\\d+").regexPriority(2)));
        assertEquals(1, conflicts.size());
        assertTrue(conflicts.get(0).reason().endsWith("(regex_priority 2)"), conflicts.get(0).reason());
    }

    @Test
    void regexPriorityDoesNotDistinguishPrefixPaths() {
        assertEquals(1, RouteConflicts.find(all(
                route("a").paths("/x").regexPriority(1),
                route("b").paths("/x").regexPriority(2))).size());
    }

    @Test
    void anyDifferenceInMatchingAttributesIsNoConflict() {
        assertEquals(0, RouteConflicts.find(all(
                route("a").paths("/x"),
                route("b").paths("/x").methods("GET"),
                route("c").paths("/x").hosts("a.com"),
                route("d").paths("/x").header("h", "1"),
                route("e").paths("/x").header("h", "2"),
                route("f").paths("/x/"),
                route("g").paths("/x").methods("GET", "POST"))).size());
    }

    @Test
    void attributesThatDoNotAffectMatchingAreIgnored() {
        assertEquals(1, RouteConflicts.find(all(
                route("a").paths("/x").stripPath(true).pathHandling("v0"),
                route("b").paths("/x").stripPath(false).pathHandling("v1"))).size());
    }

    @Test
    void eachLaterDuplicateIsReportedAgainstTheFirstOncePerPair() {
        List<RouteConflict> conflicts = RouteConflicts.find(all(
                route("a").paths("/x", "/y"),
                route("b").paths("/x", "/y"),
                route("c").paths("/x")));
        assertEquals(2, conflicts.size());
        assertEquals("a", conflicts.get(0).first().name());
        assertEquals("b", conflicts.get(0).second().name());
        assertEquals("a", conflicts.get(1).first().name());
        assertEquals("c", conflicts.get(1).second().name());
    }

    @Test
    void aRouteDoesNotConflictWithItself() {
        assertEquals(0, RouteConflicts.find(all(route("a").paths("/x", "/x"))).size());
    }

    @Test
    void tenThousandDistinctRoutesHaveNoConflict() {
        List<RouteConfig> routes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routes.add(route("r" + i).hosts("h" + (i % 100) + ".com").paths("/p" + i).build());
        }
        assertEquals(0, RouteConflicts.find(routes).size());
    }
}
