package io.portico.plugins.requesttransformer;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query-string or form-urlencoded parameters, in order, each name with its values; edited with Kong's rules and
 * written back encoded. A name without '=' keeps having none.
 */
final class Params {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    static Params parse(String encoded) {
        Params params = new Params();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? null : decode(pair.substring(eq + 1));
            params.values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return params;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Map<String, List<String>> asMap() {
        return values;
    }

    boolean remove(String name) {
        return values.remove(name) != null;
    }

    boolean rename(String from, String to) {
        if (from.equals(to) || !values.containsKey(from)) {
            return false;
        }
        values.put(to, values.remove(from));
        return true;
    }

    void set(String name, String value) {
        List<String> one = new ArrayList<>(1);
        one.add(value);
        values.put(name, one);
    }

    /** Another value for the name (Kong's append_value on a string or a list). */
    void append(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    String encode() {
        StringBuilder out = new StringBuilder();
        values.forEach((name, list) -> {
            for (String value : list) {
                if (!out.isEmpty()) {
                    out.append('&');
                }
                out.append(encode(name));
                if (value != null) {
                    out.append('=').append(encode(value));
                }
            }
        });
        return out.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape is kept as written
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
