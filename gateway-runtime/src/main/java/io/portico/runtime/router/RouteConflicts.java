package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds routes the router cannot tell apart: the same methods, hosts and headers, and a path in common (with the same
 * {@code regex_priority} when it is a regex), so they get the same priority and the same requests, and only file
 * order decides. Kong's {@code traditional_compatible} router does not even promise file order there (it orders equal
 * priorities by route id), so such a pair is a config mistake worth reporting.
 * <p>
 * Exact by design: routes that merely overlap ({@code [GET]} and {@code [GET, POST]}) are ordinary configs and are
 * not reported. Cost O(number of paths): one hash per (route, path) signature.
 */
public final class RouteConflicts {

    /** What decides a (route, path) pair's matching and priority, normalized so equal means indistinguishable. */
    private record Signature(Set<String> methods, Set<String> hosts, Map<String, Set<String>> headers,
                             String path, int regexPriority) {
    }

    private RouteConflicts() {
    }

    /**
     * @param routes the routes in file order
     * @return one conflict per pair of routes (the earlier one first), in the order found
     */
    public static List<RouteConflict> find(List<RouteConfig> routes) {
        Map<Signature, Integer> firstByPath = new HashMap<>();
        Set<Long> reportedPairs = new HashSet<>();
        List<RouteConflict> conflicts = new ArrayList<>();
        for (int index = 0; index < routes.size(); index++) {
            RouteConfig route = routes.get(index);
            List<String> paths = route.paths() == null || route.paths().isEmpty()
                    ? Collections.singletonList(null) : route.paths();
            for (String path : paths) {
                Signature signature = signature(route, path);
                Integer first = firstByPath.putIfAbsent(signature, index);
                if (first != null && first != index && reportedPairs.add(((long) first << 32) | index)) {
                    conflicts.add(new RouteConflict(routes.get(first), route, reason(signature)));
                }
            }
        }
        return conflicts;
    }

    private static Signature signature(RouteConfig route, String path) {
        Map<String, Set<String>> headers = new TreeMap<>();
        if (route.headers() != null) {
            route.headers().forEach((name, values) -> {
                Set<String> normalized = new TreeSet<>();
                for (String value : values) {
                    // plain values compare case-insensitively, regexes as written
                    normalized.add(value.startsWith("~*") ? value : value.toLowerCase(Locale.ROOT));
                }
                headers.put(name.toLowerCase(Locale.ROOT), normalized);
            });
        }
        boolean regex = path != null && RegexPath.isRegex(path);
        return new Signature(sorted(route.methods(), false), sorted(route.hosts(), true), headers, path,
                regex ? route.regexPriority() : 0);
    }

    private static Set<String> sorted(List<String> values, boolean lowerCase) {
        Set<String> set = new TreeSet<>();
        if (values != null) {
            for (String value : values) {
                set.add(lowerCase ? value.toLowerCase(Locale.ROOT) : value);
            }
        }
        return set;
    }

    /** e.g. {@code both match GET example.com /orders}. */
    private static String reason(Signature s) {
        StringBuilder reason = new StringBuilder("both match ");
        reason.append(s.methods().isEmpty() ? "any method" : String.join(",", s.methods()));
        reason.append(' ').append(s.hosts().isEmpty() ? "any host" : String.join(",", s.hosts()));
        reason.append(' ').append(s.path() == null ? "any path" : s.path());
        if (!s.headers().isEmpty()) {
            reason.append(" with headers ");
            List<String> parts = new ArrayList<>();
            s.headers().forEach((name, values) -> parts.add(name + ": " + String.join("|", values)));
            reason.append(String.join(", ", parts));
        }
        if (s.path() != null && RegexPath.isRegex(s.path())) {
            reason.append(" (regex_priority ").append(s.regexPriority()).append(')');
        }
        return reason.toString();
    }
}
