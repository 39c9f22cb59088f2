package io.portico.runtime.router;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the {@link RouteTable}s whose host entry accepts a request's host: the exact host by hash, wildcard hosts by
 * hashing each of the host's own suffixes ({@code .example.com}, {@code .com}) and prefixes ({@code api.},
 * {@code api.example.}), and the table of routes without hosts. The cost depends on the number of dots in the
 * request host, not on the number of routes or wildcards.
 */
final class HostIndex {

    private record GlobTable(Pattern glob, RouteTable table) {
    }

    private final RegionKeyedMap<RouteTable> exact;
    private final RegionKeyedMap<RouteTable> suffixes; // "*.example.com" stored as ".example.com"
    private final RegionKeyedMap<RouteTable> prefixes; // "example.*" stored as "example."
    private final GlobTable[] otherWildcards;
    private final RouteTable anyHost;

    private HostIndex(Builder builder) {
        this.exact = new RegionKeyedMap<>(build(builder.exact));
        this.suffixes = new RegionKeyedMap<>(build(builder.suffixes));
        this.prefixes = new RegionKeyedMap<>(build(builder.prefixes));
        this.otherWildcards = builder.otherWildcards.entrySet().stream()
                .map(e -> new GlobTable(e.getKey().glob(), e.getValue().build()))
                .toArray(GlobTable[]::new);
        this.anyHost = builder.anyHost.build();
    }

    /**
     * Adds to the search every table whose host entry accepts the host, resolved once so the two phases of the
     * search (plain routes, then regexes) do not hash the host twice.
     *
     * @param host    the lower-case Host header, or {@code null}
     * @param hostEnd where the host name ends (before {@code :port})
     */
    void collectTables(MatchSearch search, String host, int hostEnd) {
        if (host != null) {
            search.addTable(exact.get(host, 0, hostEnd));
            if (!suffixes.isEmpty() || !prefixes.isEmpty()) {
                for (int dot = host.indexOf('.'); dot >= 0 && dot < hostEnd; dot = host.indexOf('.', dot + 1)) {
                    search.addTable(suffixes.get(host, dot, hostEnd));
                    search.addTable(prefixes.get(host, 0, dot + 1));
                }
            }
            for (GlobTable other : otherWildcards) {
                if (other.glob.matcher(host).region(0, hostEnd).matches()) {
                    search.addTable(other.table);
                }
            }
        }
        search.addTable(anyHost);
    }

    private static Map<String, RouteTable> build(Map<String, RouteTable.Builder> builders) {
        Map<String, RouteTable> tables = new HashMap<>();
        builders.forEach((key, builder) -> tables.put(key, builder.build()));
        return tables;
    }

    static final class Builder {
        private final Map<String, RouteTable.Builder> exact = new HashMap<>();
        private final Map<String, RouteTable.Builder> suffixes = new HashMap<>();
        private final Map<String, RouteTable.Builder> prefixes = new HashMap<>();
        private final Map<HostPattern, RouteTable.Builder> otherWildcards = new LinkedHashMap<>();
        private final RouteTable.Builder anyHost = new RouteTable.Builder();

        /** The table for routes under this host entry (its port is checked per candidate, not here). */
        RouteTable.Builder tableFor(HostPattern host) {
            return switch (host.kind()) {
                case EXACT -> exact.computeIfAbsent(host.key(), k -> new RouteTable.Builder());
                case SUFFIX -> suffixes.computeIfAbsent(host.key(), k -> new RouteTable.Builder());
                case PREFIX -> prefixes.computeIfAbsent(host.key(), k -> new RouteTable.Builder());
                case OTHER_WILDCARD -> otherWildcards.computeIfAbsent(
                        new HostPattern(host.kind(), host.key(), Candidate.ANY_PORT), k -> new RouteTable.Builder());
            };
        }

        RouteTable.Builder anyHost() {
            return anyHost;
        }

        HostIndex build() {
            return new HostIndex(this);
        }
    }
}
