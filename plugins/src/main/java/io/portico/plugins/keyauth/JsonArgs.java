package io.portico.plugins.keyauth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level fields of a JSON body, as Kong's {@code kong.request.get_body()} decodes it with cjson: a string
 * value is a string, an object or array is a table (several values), anything else is skipped; a repeated name
 * keeps its last value; an array at the top has no named fields. Taking a field out keeps every other field as
 * written.
 */
final class JsonArgs implements BodyArgs {
    // cjson's default decode nesting limit.
    private static final int MAX_DEPTH = 1000;

    private record Member(String name, ArgValue value, int start, int end) {
    }

    private final String text;
    private final List<Member> members;
    private final Map<String, ArgValue> byName = new HashMap<>();

    private JsonArgs(String text, List<Member> members) {
        this.text = text;
        this.members = members;
        for (Member member : members) {
            byName.put(member.name(), member.value());
        }
    }

    /** The parsed body, or {@code null} when it is not a JSON object or array. */
    static JsonArgs parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Parser parser = new Parser(text);
        try {
            parser.whitespace();
            List<Member> members = new ArrayList<>();
            char first = parser.peek();
            if (first == '{') {
                parser.object(members, 1);
            } else if (first == '[') {
                parser.value(1);
            } else {
                return null;
            }
            parser.whitespace();
            if (!parser.atEnd()) {
                return null;
            }
            return new JsonArgs(text, members);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    @Override
    public ArgValue get(String name) {
        return byName.getOrDefault(name, ArgValue.ABSENT);
    }

    @Override
    public byte[] without(String name) {
        if (!byName.containsKey(name)) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length()).append('{');
        boolean first = true;
        for (Member member : members) {
            if (!member.name().equals(name)) {
                out.append(first ? "" : ",").append(text, member.start(), member.end());
                first = false;
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A strict JSON reader that only keeps what the top-level object holds. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(pos);
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        void whitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            pos++;
        }

        /** An object; its members go to {@code members} when it is the top-level one. */
        void object(List<Member> members, int depth) {
            expect('{');
            whitespace();
            if (peek() == '}') {
                pos++;
                return;
            }
            while (true) {
                whitespace();
                int start = pos;
                String name = string();
                whitespace();
                expect(':');
                whitespace();
                ArgValue value = value(depth + 1);
                if (members != null) {
                    members.add(new Member(name, value, start, pos));
                }
                whitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or }");
                }
            }
        }

        ArgValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("too deep");
            }
            char c = peek();
            switch (c) {
                case '"' -> {
                    return ArgValue.string(string());
                }
                case '{' -> {
                    object(null, depth);
                    return ArgValue.MULTIPLE;
                }
                case '[' -> {
                    array(depth);
                    return ArgValue.MULTIPLE;
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
            return ArgValue.OTHER;
        }

        private void array(int depth) {
            expect('[');
            whitespace();
            if (peek() == ']') {
                pos++;
                return;
            }
            while (true) {
                whitespace();
                value(depth + 1);
                whitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ]");
                }
            }
        }

        private void literal(String word) {
            if (!s.startsWith(word, pos)) {
                throw new IllegalArgumentException("expected " + word);
            }
            pos += word.length();
        }

        private void number() {
            int start = pos;
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
            }
            int digits = digits();
            if (digits == 0) {
                throw new IllegalArgumentException("expected a value");
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                if (digits() == 0) {
                    throw new IllegalArgumentException("bad number");
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (digits() == 0) {
                    throw new IllegalArgumentException("bad number");
                }
            }
            if (pos == start) {
                throw new IllegalArgumentException("expected a value");
            }
        }

        private int digits() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            return pos - start;
        }

        String string() {
            expect('"');
            StringBuilder out = null;
            int runStart = pos;
            while (true) {
                char c = peek();
                if (c == '"') {
                    String result = out == null ? s.substring(runStart, pos)
                            : out.append(s, runStart, pos).toString();
                    pos++;
                    return result;
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in string");
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(s, runStart, pos);
                pos++;
                char escaped = peek();
                pos++;
                switch (escaped) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        int code = 0;
                        for (int end = pos + 4; pos < end; pos++) {
                            int digit = Character.digit(peek(), 16);
                            if (digit < 0 || peek() > 'f') {
                                throw new IllegalArgumentException("bad escape");
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                    }
                    default -> throw new IllegalArgumentException("bad escape");
                }
                runStart = pos;
            }
        }
    }
}
