package io.portico.plugins.proxycache;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kong's content type match: type and subtype equal (or {@code *}), and exactly the same parameters, so
 * {@code application/json} does not match {@code application/json; charset=utf-8} unless listed.
 */
final class ContentTypes {

    private record Mime(String type, String subtype, Map<String, String> params) {
        static Mime parse(String text) {
            String[] parts = text.split(";");
            String[] kind = parts[0].strip().toLowerCase(Locale.ROOT).split("/", 2);
            if (kind.length != 2 || kind[0].isEmpty() || kind[1].isEmpty()) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    params.put(parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT),
                            parts[i].substring(eq + 1).strip());
                }
            }
            return new Mime(kind[0], kind[1], params);
        }
    }

    private ContentTypes() {
    }

    static boolean matches(String contentType, List<String> accepted) {
        Mime actual = Mime.parse(contentType);
        if (actual == null) {
            return false;
        }
        for (String candidate : accepted) {
            Mime expected = Mime.parse(candidate);
            if (expected != null
                    && (expected.type().equals("*") || expected.type().equals(actual.type()))
                    && (expected.subtype().equals("*") || expected.subtype().equals(actual.subtype()))
                    && expected.params().equals(actual.params())) {
                return true;
            }
        }
        return false;
    }
}
