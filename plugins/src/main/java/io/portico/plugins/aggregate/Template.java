package io.portico.plugins.aggregate;

import io.portico.plugin.Bodies;
import io.portico.plugin.ConfigException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A text with {@code {source.name}} placeholders, parsed once when the config loads: {@code {query.user}},
 * {@code {header.x-id}}, {@code {path.id}}, {@code {consumer.username}}, or {@code {call.field.sub}} for a field of
 * another call's JSON answer.
 */
final class Template {

    /** How a value is written into the text. */
    enum Encoding {
        /** Percent-encoded (only RFC 3986 unreserved characters stay), so a value never adds a path segment or parameter. */
        URL,
        /** As is; a value with control characters (CR, LF, ...) counts as missing. */
        HEADER,
        /** JSON-escaped, to sit inside a JSON string of the body. */
        JSON
    }

    /** One placeholder: {@code {source.name}}. */
    record Reference(String source, String name) {
        @Override
        public String toString() {
            return "{" + source + "." + name + "}";
        }
    }

    private final List<Object> parts; // String literals and References

    private Template(List<Object> parts) {
        this.parts = parts;
    }

    static Template parse(String text, String field) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new ConfigException(field, "'{' at " + open + " is never closed");
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            String inner = text.substring(open + 1, close);
            int dot = inner.indexOf('.');
            if (dot <= 0 || dot == inner.length() - 1) {
                throw new ConfigException(field, "placeholder {" + inner + "} is not of the form {source.name}");
            }
            parts.add(new Reference(inner.substring(0, dot), inner.substring(dot + 1)));
            i = close + 1;
        }
        return new Template(List.copyOf(parts));
    }

    List<Reference> references() {
        return parts.stream().filter(p -> p instanceof Reference).map(p -> (Reference) p).toList();
    }

    /**
     * The text with every placeholder replaced, or throws {@link MissingValue} naming the first placeholder without
     * a usable value.
     */
    String render(Function<Reference, String> values, Encoding encoding) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String literal) {
                out.append(literal);
                continue;
            }
            Reference ref = (Reference) part;
            String value = values.apply(ref);
            if (value == null || encoding == Encoding.HEADER && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                    || encoding == Encoding.URL && (value.equals(".") || value.equals(".."))) {
                throw new MissingValue(ref);
            }
            out.append(switch (encoding) {
                case URL -> URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")
                        .replace("*", "%2A").replace("%7E", "~");
                case HEADER -> value;
                case JSON -> {
                    String quoted = Bodies.jsonString(value);
                    yield quoted.substring(1, quoted.length() - 1);
                }
            });
        }
        return out.toString();
    }

    /** A placeholder whose value the request (or the call it refers to) did not provide. */
    static final class MissingValue extends RuntimeException {
        final transient Reference reference;

        MissingValue(Reference reference) {
            super("no value for " + reference, null, false, false);
            this.reference = reference;
        }
    }
}
