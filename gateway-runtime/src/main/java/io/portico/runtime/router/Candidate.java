package io.portico.runtime.router;

/**
 * One way a route can match: the route with one of its paths (or none), under one of its hosts (with the port that
 * host demands). A route with two hosts and three paths is six candidates; they share the route's conditions and
 * each pair (route, path) has one rank.
 */
final class Candidate {

    static final Candidate[] NONE = new Candidate[0];
    static final int ANY_PORT = -1;

    final CompiledRoute route;
    /** Position in the global precedence order (0 = wins over everything); lists are kept sorted by it. */
    final int rank;
    /** The port the matched host entry demands, or {@link #ANY_PORT}. */
    final int port;
    /** The prefix path, or {@code null} for a regex path or a route without paths. */
    final String prefix;
    /** The regex path, or {@code null}. */
    final RegexPath regex;

    Candidate(CompiledRoute route, int rank, int port, String prefix, RegexPath regex) {
        this.route = route;
        this.rank = rank;
        this.port = port;
        this.prefix = prefix;
        this.regex = regex;
    }

    /** Everything but the path, which the index that holds the candidate decides (or the regex, run after). */
    boolean acceptsRequest(MatchSearch search) {
        return (port == ANY_PORT || port == search.port) && route.accepts(search.method, search.headers);
    }
}
