package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the route of a request with Kong's matching rules and precedence, compiled once per config.
 * <p>
 * A request matches a route when every attribute the route defines matches: one of its methods, one of its hosts
 * (exact, {@code *.example.com}, {@code example.*}, with {@code :port} when given), one of its paths (a prefix, or a
 * regex anchored at the start) and, for each header name, one of the values. Among matching routes the one with the
 * highest {@link RoutePriority} wins.
 * <p>
 * Nothing here scans the route list per request: hosts are hashed ({@link HostIndex}), prefixes sit in a trie
 * walked once along the path ({@link PrefixTrie}), and every list of candidates is pre-sorted by rank so it is read
 * only until something acceptable or something that cannot win. Regexes run last and only for routes that would
 * beat the best plain match. A Spring Cloud Gateway user sees throughput fall from ~11k to ~2k req/s when the
 * matching route is the 800th; here the 5,000th costs what the first does (see {@code bench/RouterBenchmark}).
 * <p>
 * Immutable and safe to share between threads; a new config compiles a new router.
 */
public final class Router {

    private final HostIndex hosts;
    private final int size;

    private Router(HostIndex hosts, int size) {
        this.hosts = hosts;
        this.size = size;
    }

    /**
     * @param routes the routes of a config, already validated, in file order (earlier wins a perfect tie)
     * @throws IllegalArgumentException when a regex (path or header value) does not compile
     */
    public static Router compile(List<RouteConfig> routes) {
        record PathEntry(CompiledRoute route, int pathIndex, String prefix, RegexPath regex, long priority) {
        }

        List<PathEntry> entries = new ArrayList<>();
        for (int order = 0; order < routes.size(); order++) {
            RouteConfig config = routes.get(order);
            CompiledRoute route;
            try {
                route = new CompiledRoute(config, order);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(config.label() + ": " + e.getMessage(), e);
            }
            List<String> paths = config.paths() == null ? List.of() : config.paths();
            if (paths.isEmpty()) {
                entries.add(new PathEntry(route, 0, null, null, RoutePriority.of(config, null)));
            }
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                long priority = RoutePriority.of(config, path);
                if (RegexPath.isRegex(path)) {
                    RegexPath regex;
                    try {
                        regex = RegexPath.compile(path);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(config.label() + ": " + e.getMessage(), e);
                    }
                    entries.add(new PathEntry(route, i, null, regex, priority));
                } else {
                    entries.add(new PathEntry(route, i, path, null, priority));
                }
            }
        }

        // Rank = position in the global precedence order; ties go to the route declared first, then to the path
        // listed first (the order in which Kong's expression tries a route's regexes).
        entries.sort(Comparator.comparingLong(PathEntry::priority).reversed()
                .thenComparingInt(e -> e.route().order)
                .thenComparingInt(PathEntry::pathIndex));

        HostIndex.Builder index = new HostIndex.Builder();
        for (int rank = 0; rank < entries.size(); rank++) {
            PathEntry entry = entries.get(rank);
            List<String> hostEntries = entry.route().config.hosts();
            if (hostEntries == null || hostEntries.isEmpty()) {
                index.anyHost().add(new Candidate(entry.route(), rank, Candidate.ANY_PORT, entry.prefix(),
                        entry.regex()));
                continue;
            }
            for (String hostEntry : hostEntries) {
                HostPattern host = HostPattern.parse(hostEntry);
                index.tableFor(host).add(new Candidate(entry.route(), rank, host.port(), entry.prefix(),
                        entry.regex()));
            }
        }
        return new Router(index.build(), routes.size());
    }

    /**
     * @param method  the request method (upper case, as sent)
     * @param host    the Host header value, may include {@code :port}, may be {@code null}
     * @param path    the normalized request path, without query string
     * @param headers the request headers
     * @return the winning route, or {@code null} when no route matches
     */
    public RouteMatch match(String method, String host, String path, HeaderLookup headers) {
        return match(method, host, Candidate.ANY_PORT, path, headers);
    }

    /**
     * Like {@link #match(String, String, String, HeaderLookup)}, for a listener that knows its port: Kong compares a
     * route host's {@code :port} with the Host header's port, or with the port the request arrived on when the
     * header has none ({@code net.dst.port}).
     *
     * @param listenPort the local port of the connection, or -1 when unknown
     */
    public RouteMatch match(String method, String host, int listenPort, String path, HeaderLookup headers) {
        String lowerHost = null;
        int hostEnd = 0;
        int port = listenPort;
        if (host != null && !host.isEmpty()) {
            lowerHost = needsLowerCasing(host) ? host.toLowerCase(Locale.ROOT) : host;
            int separator = HostPattern.portSeparator(lowerHost);
            if (separator >= 0) {
                hostEnd = separator;
                port = parsePort(lowerHost, separator + 1);
            } else {
                hostEnd = lowerHost.length();
            }
        }

        MatchSearch search = new MatchSearch(method, path, headers == null ? HeaderLookup.NONE : headers, port);
        hosts.collectTables(search, lowerHost, hostEnd);
        search.run();

        Candidate winner = search.best;
        if (winner == null) {
            return null;
        }
        String matchedPath;
        Map<String, String> captures;
        if (winner.regex != null) {
            matchedPath = search.bestMatcher.group();
            captures = winner.regex.captures(search.bestMatcher);
        } else {
            matchedPath = winner.prefix;
            captures = Map.of();
        }
        RouteConfig route = winner.route.config;
        return new RouteMatch(route, matchedPath, captures, UpstreamPath.stripped(route, matchedPath, path));
    }

    /** The number of routes compiled. */
    public int size() {
        return size;
    }

    private static boolean needsLowerCasing(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static int parsePort(String host, int from) {
        int port = 0;
        for (int i = from; i < host.length(); i++) {
            port = port * 10 + (host.charAt(i) - '0');
        }
        return port;
    }
}
