package io.portico.runtime.router;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes reachable under one host entry (one exact host, one wildcard, or "any host"), indexed by path.
 */
final class RouteTable {

    private final PrefixTrie trie;
    /** Routes without paths: they match any path. */
    private final Candidate[] anyPath;
    /** Regex routes the trie cannot place (no literal start); tried one by one, in rank order, after the rest. */
    private final Candidate[] unindexedRegexes;

    private RouteTable(PrefixTrie trie, Candidate[] anyPath, Candidate[] unindexedRegexes) {
        this.trie = trie;
        this.anyPath = anyPath;
        this.unindexedRegexes = unindexedRegexes;
    }

    /** The cheap part: prefix and path-less routes, no regex runs. */
    void searchPlain(MatchSearch search) {
        trie.searchPrefixes(search);
        search.offer(anyPath);
    }

    /** Regex routes that could still beat what {@link #searchPlain} found. */
    void searchRegexes(MatchSearch search) {
        trie.searchRegexes(search);
        search.offerRegexes(unindexedRegexes);
    }

    static final class Builder {
        private final PrefixTrie.Builder trie = new PrefixTrie.Builder();
        private final List<Candidate> anyPath = new ArrayList<>();
        private final List<Candidate> unindexedRegexes = new ArrayList<>();

        void add(Candidate candidate) {
            if (candidate.prefix != null) {
                trie.addPrefix(candidate.prefix, candidate);
            } else if (candidate.regex == null) {
                anyPath.add(candidate);
            } else if (!candidate.regex.literalPrefix.isEmpty()) {
                trie.addRegex(candidate.regex.literalPrefix, candidate);
            } else {
                unindexedRegexes.add(candidate);
            }
        }

        RouteTable build() {
            return new RouteTable(trie.build(), PrefixTrie.byRank(anyPath), PrefixTrie.byRank(unindexedRegexes));
        }
    }
}
