package io.portico.runtime.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a route's {@code headers}: the request must carry the header with at least one value accepted by at
 * least one of the route's values. As in Kong 3.x ({@code any(lower(http.headers.x)) == lower(value)}), plain values
 * compare case-insensitively and a value starting with {@code ~*} is a case-insensitive regex searched anywhere in
 * the header value.
 */
final class HeaderCondition {

    private final String name;
    private final String[] plainValues;
    private final Pattern[] patterns;

    HeaderCondition(String name, List<String> values) {
        this.name = name.toLowerCase(Locale.ROOT);
        List<String> plain = new ArrayList<>();
        List<Pattern> regexes = new ArrayList<>();
        for (String value : values) {
            if (value.startsWith("~*")) {
                // Kong lower-cases the regex and the value; a case-insensitive flag means the same without turning
                // \D or \S into \d or \s.
                regexes.add(Pattern.compile(value.substring(2), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } else {
                plain.add(value);
            }
        }
        this.plainValues = plain.toArray(String[]::new);
        this.patterns = regexes.toArray(Pattern[]::new);
    }

    boolean accepts(HeaderLookup headers) {
        List<String> values = headers.values(name);
        if (values == null) {
            return false;
        }
        for (int i = 0, n = values.size(); i < n; i++) {
            String value = values.get(i);
            for (String plain : plainValues) {
                if (plain.equalsIgnoreCase(value)) {
                    return true;
                }
            }
            for (Pattern pattern : patterns) {
                if (pattern.matcher(value).find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
