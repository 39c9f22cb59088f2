package io.portico.runtime.proxy;

/**
 * Brings a raw request path to the one canonical form that routing, plugins and the upstream all see, so a request
 * can never reach a route through a path the router reads differently from the upstream. In order:
 * <ol>
 *     <li>path parameters are cut from every segment ({@code /admin;x=1} is {@code /admin}, {@code /a/..;/b} is
 *     {@code /a/../b}): the upstream client cannot send them, and servers such as Tomcat drop them before they
 *     resolve dot segments, so keeping them for routing would let {@code /public/..;/admin} be routed as
 *     {@code /public} and served as {@code /admin};</li>
 *     <li>unreserved characters are percent-decoded, once ({@code %2e} is {@code .}, {@code %7E} is {@code ~});
 *     other escapes are kept with upper-case hex;</li>
 *     <li>dot segments are removed, never above the root, and repeated slashes merged.</li>
 * </ol>
 * Refused (the caller answers 400): escapes that would let a path mean two things to two parsers (encoded
 * {@code /}, {@code \}, or {@code %} itself, i.e. double encoding such as {@code %252e}), encoded control characters
 * ({@code %00}-{@code %1F}, {@code %7F}: no path needs them and they break logs and headers upstream), raw
 * backslashes, raw control characters, spaces, raw non-ASCII bytes, broken escapes, and a path not starting with
 * {@code /}. The fragment never gets here: the server splits it off the request target.
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
        boolean inParameters = false;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '\\' || c < 0x21 || c >= 0x7F) {
                return null;
            }
            if (c == '/') {
                inParameters = false;
            } else if (c == ';') {
                inParameters = true;
            }
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return null;
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int value = hi * 16 + lo;
                if (value == '/' || value == '\\' || value == '%' || value < 0x20 || value == 0x7F) {
                    return null; // encoded separators, double encoding, encoded control characters (NUL included)
                }
                if (!inParameters) {
                    if (isUnreserved(value)) {
                        decoded.append((char) value);
                    } else {
                        decoded.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                                .append(Character.toUpperCase(rawPath.charAt(i + 2)));
                    }
                }
                i += 2;
            } else if (!inParameters) {
                decoded.append(c);
            }
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
