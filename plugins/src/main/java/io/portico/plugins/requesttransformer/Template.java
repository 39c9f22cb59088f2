package io.portico.plugins.requesttransformer;

import java.util.ArrayList;
import java.util.List;

/**
 * A config value with Kong's template expressions: text with {@code $(...)} parts, each one or more lookups joined
 * by {@code or}, the first that finds a value winning: {@code $(headers.x_api_version)},
 * {@code $(headers["x-api-version"])}, {@code $(query_params.page)}, {@code $(uri_captures.user)},
 * {@code $(uri_captures[1])}, {@code $(shared.tenant)} (the per-request context), {@code $('literal')}, and
 * {@code $(query_params.page or '1')}. Kong evaluates arbitrary Lua there; Portico takes these forms only, and
 * refuses any other when the config loads. A lookup that finds nothing renders as an empty string.
 */
final class Template {
    /** Where a lookup reads from. */
    enum Source { HEADERS, QUERY_PARAMS, URI_CAPTURES, SHARED, LITERAL }

    /** One operand of an expression: a lookup, or a literal when {@code source} is LITERAL. */
    record Operand(Source source, String key) {
    }

    /** Text between expressions, or an expression (a list of alternatives). */
    private record Part(String text, List<Operand> alternatives) {
    }

    /** Resolves lookups for one request. */
    interface Values {
        /** The value, or {@code null} when there is none. */
        String lookup(Source source, String key);
    }

    private final List<Part> parts;
    private final boolean usesHeaders;

    private Template(List<Part> parts) {
        this.parts = parts;
        this.usesHeaders = parts.stream().anyMatch(p -> p.alternatives != null
                && p.alternatives.stream().anyMatch(o -> o.source == Source.HEADERS));
    }

    /** Whether the value is plain text, with no expression. */
    boolean isPlain() {
        return parts.stream().allMatch(p -> p.alternatives == null);
    }

    boolean usesHeaders() {
        return usesHeaders;
    }

    String render(Values values) {
        if (parts.size() == 1 && parts.getFirst().alternatives == null) {
            return parts.getFirst().text;
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.alternatives == null) {
                out.append(part.text);
                continue;
            }
            for (Operand operand : part.alternatives) {
                String value = operand.source == Source.LITERAL ? operand.key : values.lookup(operand.source,
                        operand.key);
                if (value != null) {
                    out.append(value);
                    break;
                }
            }
        }
        return out.toString();
    }

    /** Parses a value; a {@code $(...)} Portico cannot evaluate is an {@link IllegalArgumentException} saying why. */
    static Template parse(String value) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < value.length()) {
            if (value.startsWith("$(", i)) {
                int end = closingParen(value, i + 2);
                if (!text.isEmpty()) {
                    parts.add(new Part(text.toString(), null));
                    text.setLength(0);
                }
                parts.add(new Part(null, new Parser(value.substring(i + 2, end)).expression()));
                i = end + 1;
            } else {
                text.append(value.charAt(i++));
            }
        }
        if (!text.isEmpty() || parts.isEmpty()) {
            parts.add(new Part(text.toString(), null));
        }
        return new Template(List.copyOf(parts));
    }

    /** The index of the ')' closing an expression that starts at {@code from}, skipping quoted strings. */
    private static int closingParen(String value, int from) {
        char quote = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ')') {
                return i;
            }
        }
        throw new IllegalArgumentException("'$(' without its closing ')'");
    }

    /** {@code operand ('or' operand)*}; operand: {@code source.name | source[key] | 'text' | "text"}. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<Operand> expression() {
            List<Operand> operands = new ArrayList<>();
            operands.add(operand());
            while (skipSpaces() < text.length()) {
                if (!text.startsWith("or", pos) || pos + 2 >= text.length()
                        || !Character.isWhitespace(text.charAt(pos + 2))) {
                    throw unsupported();
                }
                pos += 2;
                operands.add(operand());
            }
            return List.copyOf(operands);
        }

        private Operand operand() {
            skipSpaces();
            if (pos >= text.length()) {
                throw unsupported();
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return new Operand(Source.LITERAL, quoted());
            }
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            Source source = switch (text.substring(start, pos)) {
                case "headers" -> Source.HEADERS;
                case "query_params" -> Source.QUERY_PARAMS;
                case "uri_captures" -> Source.URI_CAPTURES;
                case "shared" -> Source.SHARED;
                default -> throw unsupported();
            };
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                int nameStart = pos;
                while (pos < text.length()
                        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                if (pos == nameStart) {
                    throw unsupported();
                }
                return new Operand(source, text.substring(nameStart, pos));
            }
            if (pos < text.length() && text.charAt(pos) == '[') {
                pos++;
                skipSpaces();
                String key;
                if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
                    key = quoted();
                } else {
                    int keyStart = pos;
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                        pos++;
                    }
                    if (pos == keyStart) {
                        throw unsupported();
                    }
                    key = text.substring(keyStart, pos);
                }
                skipSpaces();
                if (pos >= text.length() || text.charAt(pos) != ']') {
                    throw unsupported();
                }
                pos++;
                return new Operand(source, key);
            }
            throw unsupported();
        }

        private String quoted() {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw unsupported();
            }
            String value = text.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }

        private int skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos;
        }

        private IllegalArgumentException unsupported() {
            return new IllegalArgumentException("'$(" + text + ")' is not supported: Portico evaluates "
                    + "headers.x, headers['x'], query_params.x, uri_captures.x, uri_captures[1], shared.x and "
                    + "'text', joined by 'or'");
        }
    }
}
