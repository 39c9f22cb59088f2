package io.portico.runtime.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regex path of a route ({@code ~/users/(?<id>\d+)}), compiled the way Kong 3.x runs it: {@code "^" + regex}
 * searched in the normalized request path ({@code path_val_transform} in {@code kong/router/transform.lua}), so the
 * first alternative is anchored at the start and the match need not reach the end.
 */
final class RegexPath {

    /** Characters that end the literal run at the start of a regex. */
    private static final String META = "\\^$.|?*+()[]{}";

    final String source;
    final Pattern pattern;
    /**
     * Text every matching path starts with, so the route can sit in the prefix trie and be tried only for requests
     * under it; empty when nothing can be promised (the regex starts with a group, a class, an inline flag, or uses
     * alternation anywhere, which in Kong's {@code ^a|b} leaves the second branch unanchored).
     */
    final String literalPrefix;
    private final String[] groupNames; // index = group number, null for unnamed groups

    private RegexPath(String source, Pattern pattern, String literalPrefix) {
        this.source = source;
        this.pattern = pattern;
        this.literalPrefix = literalPrefix;
        this.groupNames = new String[pattern.matcher("").groupCount() + 1];
        pattern.namedGroups().forEach((name, index) -> groupNames[index] = name);
    }

    static boolean isRegex(String path) {
        return !path.isEmpty() && path.charAt(0) == '~';
    }

    /**
     * @param path the route path including its {@code ~}
     * @throws IllegalArgumentException when the regex does not compile (the config loader should have said so)
     */
    static RegexPath compile(String path) {
        // Kong users may write Rust/PCRE's (?P<name>...) as well as (?<name>...); Java knows only the latter.
        String regex = path.substring(1).replace("(?P<", "(?<");
        try {
            return new RegexPath(path, Pattern.compile("^" + regex), literalPrefixOf(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex path " + path + ": " + e.getDescription(), e);
        }
    }

    static String literalPrefixOf(String regex) {
        if (regex.indexOf('|') >= 0) {
            return "";
        }
        int end = 0;
        while (end < regex.length() && META.indexOf(regex.charAt(end)) < 0) {
            end++;
        }
        // A quantifier makes the character before it optional or repeatable: /ab?c also matches /ac.
        if (end < regex.length() && end > 0 && "?*{+".indexOf(regex.charAt(end)) >= 0) {
            end--;
        }
        return regex.substring(0, end);
    }

    /**
     * Kong's {@code uri_captures}: every group that took part, by number ("1", "2", ...) and, for named groups, also
     * by name. Group 0 is left out: it is {@link RouteMatch#matchedPath()}.
     */
    Map<String, String> captures(Matcher matcher) {
        if (groupNames.length == 1) {
            return Map.of();
        }
        Map<String, String> captures = new LinkedHashMap<>();
        for (int group = 1; group < groupNames.length; group++) {
            String value = matcher.group(group);
            if (value != null) {
                captures.put(Integer.toString(group), value);
                if (groupNames[group] != null) {
                    captures.put(groupNames[group], value);
                }
            }
        }
        return Collections.unmodifiableMap(captures);
    }
}
