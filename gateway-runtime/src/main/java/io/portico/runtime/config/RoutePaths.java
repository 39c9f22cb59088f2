package io.portico.runtime.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kong's rules for a route's {@code paths} ({@code router_path} in Kong's typedefs): a prefix starting with
 * {@code /}, written in normalized form, or a regex starting with {@code ~/} that must compile. Kong's regexes are
 * PCRE; they are compiled here as {@link java.util.regex.Pattern}s, which share the common syntax (named groups
 * {@code (?<name>...)} included) and nothing is translated.
 */
final class RoutePaths {
    private static final String UNRESERVED_SYMBOLS = "-._~";

    private RoutePaths() {
    }

    static boolean isRegex(String path) {
        return path.startsWith("~");
    }

    /** What is wrong with {@code path}, or {@code null} when the router can use it. */
    static String problem(String path) {
        if (!path.startsWith("/") && !path.startsWith("~/")) {
            return "should start with: / (fixed path) or ~/ (regex path)";
        }
        if (path.contains("//")) {
            return "must not have empty segments";
        }
        if (isRegex(path)) {
            String escapes = KongTypes.percentEscapeError(path);
            return escapes != null ? escapes : regexProblem(path.substring(1));
        }
        String invalid = KongTypes.pathError(path);
        if (invalid != null) {
            return invalid;
        }
        String normalized = normalize(path);
        return normalized.equals(path) ? null
                : "non-normalized path, consider using '" + normalized + "' instead";
    }

    /** What is wrong with {@code regex}, or {@code null} when it compiles. */
    static String regexProblem(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "invalid regex '" + regex + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "");
        }
    }

    /**
     * The form requests are compared in (Kong's {@code normalize(path, true)}): escapes of unreserved characters
     * decoded, other escapes in upper case, {@code .} and {@code ..} segments resolved. A prefix written any other
     * way would never match, since request paths are normalized before matching.
     */
    static String normalize(String path) {
        StringBuilder decoded = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int value = Integer.parseInt(path.substring(i + 1, i + 3), 16);
                if (value < 128 && (Character.isLetterOrDigit(value) || UNRESERVED_SYMBOLS.indexOf(value) >= 0)) {
                    decoded.append((char) value);
                } else {
                    decoded.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return removeDotSegments(decoded.toString());
    }

    private static String removeDotSegments(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !kept.isEmpty()) {
                    kept.removeLast();
                }
                if (last) {
                    kept.addLast(""); // "/a/." is "/a/"
                }
            } else {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }
}
