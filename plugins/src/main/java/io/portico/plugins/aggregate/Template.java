package io.portico.plugins.aggregate;

import io.portico.plugin.Bodies;
import io.portico.plugin.ConfigException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** {@code {source.name}}: a source name, a dot, then anything but braces, quotes and spaces. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_-]*)\\.([^{}\\s\"]+)}");

    /** A template in which every brace must belong to a placeholder (paths, header values). */
    static Template parse(String text, String field) {
        return parse(text, field, false);
    }

    /**
     * @param literalBraces whether braces that are not a placeholder are kept as text (a JSON body), rather than
     *                      refused as a malformed placeholder
     */
    static Template parse(String text, String field, boolean literalBraces) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int i = 0;
        while (m.find()) {
            literal(text.substring(i, m.start()), field, literalBraces, parts);
            parts.add(new Reference(m.group(1), m.group(2)));
            i = m.end();
        }
        literal(text.substring(i), field, literalBraces, parts);
        return new Template(List.copyOf(parts));
    }

    private static void literal(String text, String field, boolean literalBraces, List<Object> parts) {
        if (!literalBraces && (text.indexOf('{') >= 0 || text.indexOf('}') >= 0)) {
            throw new ConfigException(field, "'" + text + "' has a brace that is not part of a placeholder of the"
                    + " form {source.name}");
        }
        if (!text.isEmpty()) {
            parts.add(text);
        }
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
