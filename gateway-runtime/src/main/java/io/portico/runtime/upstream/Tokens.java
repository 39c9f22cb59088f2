package io.portico.runtime.upstream;

/**
 * Character classes of RFC 9110 that the request writer, the response parser and the plugins' header setters
 * check.
 */
public final class Tokens {
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private Tokens() {
    }

    /** A character allowed in a token (method, header name). */
    static boolean isTchar(char c) {
        return c < 128 && TCHAR[c];
    }

    /** A valid field name or method: one or more token characters. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A field value that cannot split or end a field line: no CR, LF or NUL, nothing beyond ISO-8859-1 (what is
     * sent as one byte per character).
     */
    public static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
