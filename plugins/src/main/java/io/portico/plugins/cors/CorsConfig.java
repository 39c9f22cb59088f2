package io.portico.plugins.cors;

import io.portico.plugin.ConfigException;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Config of {@code cors}, with Kong's fields and defaults.
 *
 * @param origins           allowed origins: exact ({@code https://app.example.com}), regexes
 *                          ({@code https://.*\.example\.com}), or {@code *}; none = any origin
 * @param headers           Access-Control-Allow-Headers; none = echo the preflight's Access-Control-Request-Headers
 * @param exposedHeaders    Access-Control-Expose-Headers
 * @param methods           Access-Control-Allow-Methods (default all of Kong's nine)
 * @param maxAge            Access-Control-Max-Age, in seconds
 * @param credentials       send Access-Control-Allow-Credentials: true (default false)
 * @param privateNetwork    answer Access-Control-Request-Private-Network (default false)
 * @param preflightContinue send preflight requests on to the upstream instead of answering them (default false)
 * @param allowOriginAbsent add the headers to responses of requests without an Origin too (default true)
 */
public record CorsConfig(List<String> origins, List<String> headers, List<String> exposedHeaders,
                         List<String> methods, Double maxAge, Boolean credentials, Boolean privateNetwork,
                         Boolean preflightContinue, Boolean allowOriginAbsent) {

    /** Kong's methods, in Kong's order: the default. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS",
            "TRACE", "CONNECT");

    public CorsConfig {
        origins = origins == null ? List.of() : List.copyOf(origins);
        headers = headers == null ? List.of() : List.copyOf(headers);
        exposedHeaders = exposedHeaders == null ? List.of() : List.copyOf(exposedHeaders);
        methods = methods == null ? METHODS : List.copyOf(methods);
        credentials = credentials != null && credentials;
        privateNetwork = privateNetwork != null && privateNetwork;
        preflightContinue = preflightContinue != null && preflightContinue;
        allowOriginAbsent = allowOriginAbsent == null || allowOriginAbsent;
        for (int i = 0; i < origins.size(); i++) {
            String origin = origins.get(i);
            if (!"*".equals(origin)) {
                try {
                    Pattern.compile(origin);
                } catch (PatternSyntaxException e) {
                    throw new ConfigException("origins[" + i + "]", "'" + origin + "' is not a valid regex");
                }
            }
        }
        for (int i = 0; i < methods.size(); i++) {
            if (!METHODS.contains(methods.get(i))) {
                throw new ConfigException("methods[" + i + "]", "expected one of: " + String.join(", ", METHODS));
            }
        }
        if (maxAge != null && (maxAge.isNaN() || maxAge.isInfinite())) {
            throw new ConfigException("max_age", "expected a number");
        }
    }
}
