package io.portico.runtime.proxy;

/**
 * Brings a raw request path to the one canonical form that routing, plugins and the upstream all see: unreserved
 * characters percent-decoded once, dot segments removed, repeated slashes merged. Encodings that would let a
 * path mean two things to two parsers (encoded '/', '\' or NUL, double encoding like {@code %252e}) and raw
 * backslashes are refused, so a request can never reach a route through a path the router reads differently
 * from the upstream.
 */
public final class PathNormalizer {
    private PathNormalizer() {
    }

    /** The canonical path, or {@code null} when the raw path must be refused with 400. */
    public static String normalize(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '\\' || c < 0x21 || c == 0x7F) {
                return null;
            }
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= rawPath.length()) {
                return null;
            }
            int hi = Character.digit(rawPath.charAt(i + 1), 16);
            int lo = Character.digit(rawPath.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            int value = hi * 16 + lo;
            if (value == '/' || value == '\\' || value == 0 || value == '%') {
                return null; // encoded separators, NUL and double encoding
            }
            if (isUnreserved(value)) {
                decoded.append((char) value);
            } else {
                decoded.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                        .append(Character.toUpperCase(rawPath.charAt(i + 2)));
            }
            i += 2;
        }
        return removeDotSegments(decoded);
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 section 5.2.4 over segments, also merging empty segments ("//"); never climbs above the root. */
    private static String removeDotSegments(CharSequence path) {
        String[] segments = path.toString().split("/", -1);
        String[] out = new String[segments.length];
        int n = 0;
        boolean trailingSlash = false;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.isEmpty()) {
                trailingSlash = last;
            } else if (s.equals("..")) {
                if (n > 0) {
                    n--;
                }
                trailingSlash = last;
            } else {
                out[n++] = s;
                trailingSlash = false;
            }
        }
        StringBuilder result = new StringBuilder(path.length());
        for (int i = 0; i < n; i++) {
            result.append('/').append(out[i]);
        }
        if (trailingSlash || n == 0) {
            result.append('/');
        }
        return result.toString();
    }
}
