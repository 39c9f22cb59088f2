package io.portico.runtime.router;

import java.util.Arrays;
import java.util.regex.Matcher;

/**
 * The state of one {@link Router#match} call: the request, the route tables its host selects, and the best candidate
 * found so far. Every candidate list is sorted by rank, so a list is read only until its first acceptable candidate
 * or the first one that could not beat the best: routes that cannot win are never looked at.
 */
final class MatchSearch {

    final String method;
    final String path;
    final HeaderLookup headers;
    final int port;

    /** The route tables whose host entry accepts the request host. */
    private RouteTable[] tables = new RouteTable[4];
    private int tableCount;

    Candidate best;
    int bestRank = Integer.MAX_VALUE;
    /** The regex match of {@link #best} when it is a regex path. */
    Matcher bestMatcher;

    MatchSearch(String method, String path, HeaderLookup headers, int port) {
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.port = port;
    }

    void addTable(RouteTable table) {
        if (table == null) {
            return;
        }
        if (tableCount == tables.length) {
            tables = Arrays.copyOf(tables, tableCount * 2);
        }
        tables[tableCount++] = table;
    }

    /** Finds the best candidate: cheap prefix and path-less routes first, then regexes that could still beat it. */
    void run() {
        for (int i = 0; i < tableCount; i++) {
            tables[i].searchPlain(this);
        }
        for (int i = 0; i < tableCount; i++) {
            tables[i].searchRegexes(this);
        }
    }

    /** Candidates whose path already matched (prefix found in the trie, or no path at all). */
    void offer(Candidate[] candidates) {
        for (Candidate candidate : candidates) {
            if (candidate.rank >= bestRank) {
                return;
            }
            if (candidate.acceptsRequest(this)) {
                best = candidate;
                bestRank = candidate.rank;
                bestMatcher = null;
                return;
            }
        }
    }

    /** Regex candidates: the cheap conditions first, the regex only for a candidate that would win. */
    void offerRegexes(Candidate[] candidates) {
        for (Candidate candidate : candidates) {
            if (candidate.rank >= bestRank) {
                return;
            }
            if (candidate.acceptsRequest(this)) {
                Matcher matcher = candidate.regex.pattern.matcher(path);
                if (matcher.find()) {
                    best = candidate;
                    bestRank = candidate.rank;
                    bestMatcher = matcher;
                    return;
                }
            }
        }
    }
}
