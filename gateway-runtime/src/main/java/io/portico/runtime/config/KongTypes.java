package io.portico.runtime.config;

import java.util.regex.Pattern;

/**
 * The value rules of Kong's schema type library ({@code kong/db/schema/typedefs.lua}) that Portico's entities
 * share, so that a file Kong refuses is refused here too, with Kong's wording where it has one.
 */
final class KongTypes {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** RFC 3986 unreserved and sub-delims, ':', '@', '/', and '%' for escapes: what Kong accepts in a path. */
    private static final Pattern PATH_CHARS = Pattern.compile("/[A-Za-z0-9._~/%:@!$&'()*+,;=-]*");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9a-fA-F]{2}");

    private KongTypes() {
    }

    /** Kong's {@code uuid}: the ids of entities. */
    static boolean isUuid(String value) {
        return UUID.matcher(value).matches();
    }

    /** Kong's {@code utf8_name}: ASCII letters, digits, {@code . - _ ~}, and any non-ASCII character. */
    static boolean isName(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && !Character.isLetterOrDigit(c) && ".-_~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    static String nameError(String value) {
        return "invalid value '" + value + "': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
    }

    /** Kong's {@code tag}: printable ASCII except {@code ,} and {@code /} (and space), or non-ASCII. */
    static boolean isTag(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && (c < 32 || c == 127 || c == ',' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Kong's {@code path} (a service's path, a cookie path): starts with {@code /}, no empty segment, only the
     * characters RFC 3986 allows, well-formed percent escapes.
     *
     * @return what is wrong, or {@code null} when the path is valid
     */
    static String pathError(String path) {
        if (!path.startsWith("/")) {
            return "should start with: /";
        }
        if (path.contains("//")) {
            return "must not have empty segments";
        }
        if (!PATH_CHARS.matcher(path).matches()) {
            return "invalid path: '" + path + "' (characters outside of the reserved list of RFC 3986 found)";
        }
        return percentEscapeError(path);
    }

    /** Every {@code %} must start a two-digit hex escape; {@code null} when they all do. */
    static String percentEscapeError(String path) {
        String unescaped = PERCENT_ESCAPE.matcher(path).replaceAll("___");
        int bad = unescaped.indexOf('%');
        if (bad < 0) {
            return null;
        }
        return "invalid url-encoded value: '" + unescaped.substring(bad, Math.min(bad + 3, unescaped.length())) + "'";
    }
}
