package io.portico.plugins.transform;

import io.portico.plugin.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code name:value} entry of a transformer's config, split as Kong splits it ({@code ^([^:]+):*(.-)$}: the
 * name up to the first colon, then every colon skipped). An entry without a colon has an empty value.
 *
 * @param name  the text before the first colon
 * @param value the text after the colons, possibly empty
 */
public record Pair(String name, String value) {
    // Kong's validate_header_name: what nginx accepts in a header name.
    private static final Pattern HEADER_NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    /** How the entries of one list are checked. */
    public enum Check {
        /** Anything with a name. */
        NAME,
        /** A name and a non-empty value ({@code key 'x' has no value}). */
        VALUE,
        /** A name and a colon ({@code name:value}, the value may be empty). */
        COLON,
        /** A header name and a colon ({@code name:value}, the value may be empty). */
        HEADER,
        /** Two header names ({@code old:new}). */
        HEADER_PAIR,
        /** A header name (before a colon, if any). */
        HEADER_NAME
    }

    /**
     * The entries of one list, checked; a bad one is a {@link ConfigException} naming it.
     *
     * @param field the snake_case path of the list, e.g. {@code rename.headers}
     */
    public static List<Pair> parseAll(String field, List<String> entries, Check check) {
        List<Pair> pairs = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            pairs.add(parse(field + "[" + i + "]", entries.get(i), check));
        }
        return List.copyOf(pairs);
    }

    private static Pair parse(String field, String entry, Check check) {
        if (entry == null) {
            throw new ConfigException(field, "expected a string, got null");
        }
        int colon = entry.indexOf(':');
        if (colon == 0 || entry.isEmpty()) {
            throw new ConfigException(field, "'" + entry + "' has no name before ':'");
        }
        String name = colon < 0 ? entry : entry.substring(0, colon);
        int start = colon < 0 ? entry.length() : colon;
        while (start < entry.length() && entry.charAt(start) == ':') {
            start++;
        }
        Pair pair = new Pair(name, entry.substring(start));
        switch (check) {
            case VALUE -> {
                if (pair.value.isEmpty()) {
                    throw new ConfigException(field, "key '" + name + "' has no value");
                }
            }
            case COLON, HEADER, HEADER_PAIR -> {
                if (colon < 0) {
                    throw new ConfigException(field, "'" + entry + "' should be 'name:value'");
                }
                if (check != Check.COLON) {
                    requireHeaderName(field, name);
                }
                if (check == Check.HEADER_PAIR) {
                    requireHeaderName(field, pair.value);
                }
            }
            case HEADER_NAME -> requireHeaderName(field, name);
            case NAME -> {
            }
        }
        return pair;
    }

    private static void requireHeaderName(String field, String name) {
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new ConfigException(field, "'" + name + "' is not a valid header");
        }
    }

    /** The list, or an empty one for an absent list (Kong's {@code default = {}}). */
    public static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
