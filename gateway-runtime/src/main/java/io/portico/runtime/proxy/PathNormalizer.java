package io.portico.runtime.proxy;

/**
 * Brings a raw request path to the one canonical form that routing, plugins and the upstream all see, so a request
 * can never reach a route through a path the router reads differently from the upstream: unreserved characters
 * percent-decoded once, dot segments removed (never above the root), repeated slashes merged.
 *
 * <p>Refused (the caller answers 400): escapes that would let a path mean two things to two parsers (encoded
 * {@code /}, {@code \}, or {@code %} itself, i.e. double encoding such as {@code %252e}), encoded control characters
 * ({@code %00}-{@code %1F}, {@code %7F}: no path needs them and they break logs and headers upstream), raw
 * backslashes, raw control characters, spaces, raw non-ASCII bytes, broken escapes, a path not starting with
 * {@code /}, and a dot segment carrying path parameters ({@code ..;x}, {@code .;}): servers such as Tomcat cut the
 * parameters and then resolve the dots, so {@code /public/..;/admin} is {@code /admin} to them.
 *
 * <p>Path parameters ({@code ;jsessionid=...}) are otherwise kept: they are part of the path. Since some upstreams
 * drop them before they look at the path, {@link #withoutParameters} gives the path as those upstreams see it, and
 * the proxy refuses a path that would be routed differently in that form. The fragment never gets here: the server
 * splits it off the request target.
 */
public final class PathNormalizer {
    private PathNormalizer() {
    }

    /** The canonical path, or {@code null} when the raw path must be refused with 400. */
    public static String normalize(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        if (isCanonical(rawPath)) {
            return rawPath; // the common case: nothing to decode, merge or remove
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '\\' || c < 0x21 || c >= 0x7F) {
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
            if (value == '/' || value == '\\' || value == '%' || value < 0x20 || value == 0x7F) {
                return null; // encoded separators, double encoding, encoded control characters (NUL included)
            }
            if (isUnreserved(value)) {
                decoded.append((char) value);
            } else {
                decoded.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                        .append(Character.toUpperCase(rawPath.charAt(i + 2)));
            }
            i += 2;
        }
        return removeDotSegments(decoded.toString(), false);
    }

    /** No escape, no character to refuse, no empty segment and no segment starting with a dot: already canonical. */
    private static boolean isCanonical(String rawPath) {
        char previous = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c >= 0x7F || c == '%' || c == '\\' || previous == '/' && (c == '/' || c == '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /**
     * A canonical path with the parameters cut from every segment ({@code /a;x=1/b} is {@code /a/b}), as Tomcat,
     * Jetty or Spring see it before they route.
     */
    public static String withoutParameters(String canonicalPath) {
        if (canonicalPath.indexOf(';') < 0) {
            return canonicalPath;
        }
        StringBuilder cut = new StringBuilder(canonicalPath.length());
        boolean inParameters = false;
        for (int i = 0; i < canonicalPath.length(); i++) {
            char c = canonicalPath.charAt(i);
            if (c == '/') {
                inParameters = false;
            } else if (c == ';') {
                inParameters = true;
            }
            if (!inParameters) {
                cut.append(c);
            }
        }
        return removeDotSegments(cut.toString(), true);
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * RFC 3986 section 5.2.4 over segments, also merging empty segments ("//"); never climbs above the root.
     * Null when a dot segment carries parameters, unless {@code lenient} (parameters already cut).
     */
    private static String removeDotSegments(String path, boolean lenient) {
        String[] segments = path.split("/", -1);
        String[] out = new String[segments.length];
        int n = 0;
        boolean trailingSlash = false;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            int semicolon = s.indexOf(';');
            if (!lenient && semicolon >= 0) {
                String name = s.substring(0, semicolon);
                if (name.equals(".") || name.equals("..")) {
                    return null; // "..;x": a dot segment to servers that drop parameters, a name to the rest
                }
            }
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
