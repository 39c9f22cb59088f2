package io.portico.plugins.jwt;

import io.portico.plugin.Request;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the tokens of a request where Kong's jwt plugin looks: query parameters, then cookies, then headers. */
final class JwtTokens {
    // Kong: ngx.re.gmatch(value, "\\s*[Bb]earer\\s+(.+)") -- unanchored, first match of the first header value.
    private static final Pattern BEARER = Pattern.compile("\\s*[Bb]earer\\s+(.+)");

    private JwtTokens() {
    }

    /** The distinct non-empty tokens found; more than one is refused by the caller, as Kong does. */
    static Set<String> find(Request request, JwtConfig config) {
        Set<String> tokens = new LinkedHashSet<>();
        var query = request.queryParams();
        for (String name : config.uriParamNames()) {
            for (String value : query.getOrDefault(name, List.of())) {
                if (value != null && !value.isEmpty()) {
                    tokens.add(value);
                }
            }
        }
        if (!config.cookieNames().isEmpty()) {
            List<String> cookieHeaders = request.headers("Cookie");
            for (String name : config.cookieNames()) {
                String value = cookie(cookieHeaders, name);
                if (value != null && !value.isEmpty()) {
                    tokens.add(value);
                }
            }
        }
        for (String name : config.headerNames()) {
            String value = request.header(name);
            if (value != null) {
                Matcher m = BEARER.matcher(value);
                if (m.find() && !m.group(1).isEmpty()) {
                    tokens.add(m.group(1));
                }
            }
        }
        return tokens;
    }

    /** The first cookie of that name (compared without case, as nginx's {@code $cookie_NAME}), or {@code null}. */
    static String cookie(List<String> cookieHeaders, String name) {
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
                    return pair.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }
}
