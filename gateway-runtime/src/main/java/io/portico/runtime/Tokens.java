package io.portico.runtime;

/**
 * Character classes of RFC 9110: tokens (methods, field names) and field values, as the config, the request
 * validator, the plugins' header setters, the request writer and the response parser check them.
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
    public static boolean isTchar(char c) {
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
            if ((char) (c - 0x0E) > 0xFF - 0x0E && (c > 0xFF || c == '\r' || c == '\n' || c == 0)) {
                return false; // one comparison per character for all but the first 14 code points and beyond 0xFF
            }
        }
        return true;
    }
}
