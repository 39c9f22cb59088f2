package io.portico.plugins.keyauth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code a=1&b=x%20y} as nginx's {@code ngx.req.get_uri_args} / {@code get_post_args} read it (Kong's
 * {@code kong.request.get_query()} and form bodies): pairs split on '&', '+' is a space, a bad escape is kept as
 * written, a repeated name gives several values and a name without '=' gives {@code true}.
 */
final class FormArgs implements BodyArgs {
    private record Pair(String raw, String name, String value) {
    }

    private final List<Pair> pairs;
    private final Map<String, List<Pair>> byName;

    private FormArgs(List<Pair> pairs) {
        this.pairs = pairs;
        this.byName = new HashMap<>();
        for (Pair pair : pairs) {
            byName.computeIfAbsent(pair.name(), k -> new ArrayList<>(1)).add(pair);
        }
    }

    /** @param raw the raw text, one char per byte (ISO-8859-1) */
    static FormArgs parse(String raw) {
        List<Pair> pairs = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                String value = eq < 0 ? null : decode(part.substring(eq + 1));
                pairs.add(new Pair(part, name, value));
            }
        }
        return new FormArgs(pairs);
    }

    @Override
    public ArgValue get(String name) {
        List<Pair> found = byName.get(name);
        if (found == null) {
            return ArgValue.ABSENT;
        }
        if (found.size() > 1) {
            return ArgValue.MULTIPLE;
        }
        String value = found.getFirst().value();
        return value == null ? ArgValue.OTHER : ArgValue.string(value);
    }

    @Override
    public byte[] without(String name) {
        if (!byName.containsKey(name)) {
            return null;
        }
        return rawWithout(name).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The raw text without the pairs of that name, the others as they were written. */
    String rawWithout(String name) {
        StringBuilder out = new StringBuilder();
        for (Pair pair : pairs) {
            if (!pair.name().equals(name)) {
                out.append(out.isEmpty() ? "" : "&").append(pair.raw());
            }
        }
        return out.toString();
    }

    /** nginx's unescape of an argument: %XX to its byte, '+' to a space, anything malformed as written; UTF-8. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0
                    && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c & 0xFF);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
