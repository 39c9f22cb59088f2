package io.portico.runtime.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Path prefixes of one host's routes in a radix trie. Walking the request path once visits every node whose prefix
 * the path starts with, so finding all matching prefix routes costs O(path length) however many routes there are.
 * Kong matches prefixes as plain strings ({@code http.path ^= "/foo"} also matches {@code /foobar}), hence
 * characters, not segments. Runs of characters with no branch and no route ({@code /v1} after {@code /svc-123}) are
 * one node, to keep the walk short.
 * <p>
 * Regex routes whose regex starts with literal text ({@code ~/users/\d+} starts with {@code /users/}) hang at the
 * node of that text, so they are tried only for requests under it.
 */
final class PrefixTrie {

    private static final class Node {
        final char[] rest;          // characters after the label that leads here, all of which must follow
        final char[] labels;        // first characters of the children, sorted
        final Node[] children;
        final Candidate[] prefixes; // prefix routes whose prefix ends here, by rank
        final Candidate[] regexes;  // regex routes whose literal prefix ends here, by rank

        Node(char[] rest, char[] labels, Node[] children, Candidate[] prefixes, Candidate[] regexes) {
            this.rest = rest;
            this.labels = labels;
            this.children = children;
            this.prefixes = prefixes;
            this.regexes = regexes;
        }

        Node child(char c) {
            char[] keys = labels;
            if (keys.length <= 8) {
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i] == c) {
                        return children[i];
                    }
                }
                return null;
            }
            int i = Arrays.binarySearch(keys, c);
            return i >= 0 ? children[i] : null;
        }
    }

    private final Node root;
    private final boolean hasPrefixes;
    private final boolean hasRegexes;

    private PrefixTrie(Node root, boolean hasPrefixes, boolean hasRegexes) {
        this.root = root;
        this.hasPrefixes = hasPrefixes;
        this.hasRegexes = hasRegexes;
    }

    /** Offers the prefix routes of every prefix of the path. */
    void searchPrefixes(MatchSearch search) {
        if (hasPrefixes) {
            walk(search, false);
        }
    }

    /** Offers the regex routes whose literal prefix the path starts with. */
    void searchRegexes(MatchSearch search) {
        if (hasRegexes) {
            walk(search, true);
        }
    }

    private void walk(MatchSearch search, boolean regexes) {
        String path = search.path;
        int length = path.length();
        Node node = root;
        int i = 0;
        while (i < length) {
            Node next = node.child(path.charAt(i));
            if (next == null) {
                return;
            }
            char[] rest = next.rest;
            int end = i + 1 + rest.length;
            if (end > length) {
                return;
            }
            for (int k = 0; k < rest.length; k++) {
                if (path.charAt(i + 1 + k) != rest[k]) {
                    return;
                }
            }
            node = next;
            i = end;
            if (regexes) {
                if (node.regexes.length > 0) {
                    search.offerRegexes(node.regexes);
                }
            } else if (node.prefixes.length > 0) {
                search.offer(node.prefixes);
            }
        }
    }

    /** Collects prefixes while the config is compiled; {@link #build()} freezes them into arrays. */
    static final class Builder {
        private final Map<Character, Builder> children = new TreeMap<>();
        private final List<Candidate> prefixes = new ArrayList<>();
        private final List<Candidate> regexes = new ArrayList<>();
        private boolean anyPrefix;
        private boolean anyRegex;

        void addPrefix(String prefix, Candidate candidate) {
            nodeFor(prefix).prefixes.add(candidate);
            anyPrefix = true;
        }

        void addRegex(String literalPrefix, Candidate candidate) {
            nodeFor(literalPrefix).regexes.add(candidate);
            anyRegex = true;
        }

        private Builder nodeFor(String text) {
            Builder node = this;
            for (int i = 0; i < text.length(); i++) {
                node = node.children.computeIfAbsent(text.charAt(i), c -> new Builder());
            }
            return node;
        }

        PrefixTrie build() {
            return new PrefixTrie(freeze(this, new char[0]), anyPrefix, anyRegex);
        }

        private boolean isPassThrough() {
            return children.size() == 1 && prefixes.isEmpty() && regexes.isEmpty();
        }

        private static Node freeze(Builder builder, char[] rest) {
            char[] labels = new char[builder.children.size()];
            Node[] nodes = new Node[labels.length];
            int i = 0;
            for (Map.Entry<Character, Builder> child : builder.children.entrySet()) {
                labels[i] = child.getKey();
                StringBuilder run = new StringBuilder();
                Builder end = child.getValue();
                while (end.isPassThrough()) {
                    Map.Entry<Character, Builder> only = end.children.entrySet().iterator().next();
                    run.append(only.getKey().charValue());
                    end = only.getValue();
                }
                nodes[i] = freeze(end, run.toString().toCharArray());
                i++;
            }
            return new Node(rest, labels, nodes, byRank(builder.prefixes), byRank(builder.regexes));
        }
    }

    static Candidate[] byRank(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Candidate.NONE;
        }
        return candidates.stream().sorted(Comparator.comparingInt(c -> c.rank)).toArray(Candidate[]::new);
    }
}
