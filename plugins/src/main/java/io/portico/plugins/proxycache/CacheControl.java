package io.portico.plugins.proxycache;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Cache-Control directives as Kong parses them ({@code kong.tools.http.parse_directive_header}). */
final class CacheControl {
    static final CacheControl NONE = new CacheControl(Map.of());
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** @param values every Cache-Control header value */
    static CacheControl parse(List<String> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        Map<String, String> directives = new HashMap<>();
        for (String part : String.join(", ", values).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).strip();
            directives.put(name, value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                    ? value.substring(1, value.length() - 1) : value);
        }
        return new CacheControl(directives);
    }

    boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /** A numeric directive's seconds, or {@code null} when absent or not a number. */
    Long seconds(String directive) {
        String value = directives.get(directive);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Kong's {@code calculate_resource_ttl}: {@code s-maxage}, else {@code max-age}, else what {@code Expires}
     * leaves, never below 0.
     */
    long resourceTtl(String expires, long nowSeconds) {
        Long maxAge = seconds("s-maxage");
        if (maxAge == null) {
            maxAge = seconds("max-age");
        }
        if (maxAge == null && expires != null) {
            try {
                maxAge = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond() - nowSeconds;
            } catch (RuntimeException e) {
                maxAge = null;
            }
        }
        return maxAge == null ? 0 : Math.max(maxAge, 0);
    }
}
