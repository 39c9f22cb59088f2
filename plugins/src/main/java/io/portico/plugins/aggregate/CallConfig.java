package io.portico.plugins.aggregate;

import io.portico.plugin.ConfigException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One call of {@code aggregate}.
 *
 * @param key      where its answer goes in the merged object, and how other calls refer to it ({@code {key.field}})
 * @param service  the service of the config to call (name or id); nothing else can be called
 * @param route    a route of that service whose plugins the call passes too (needed when its routes have plugins)
 * @param method   default {@code GET}
 * @param path     the path on the service (after its own path), may end with {@code ?query}; templated
 * @param headers  extra request headers, values templated
 * @param body     request body, templated (values JSON-escaped); {@code Content-Type: application/json} unless set
 * @param timeout  ms for this call, default the whole response's
 * @param required when it fails the whole answer is a 502 (default false: it is left out)
 * @param pick     a JSON pointer ({@code /data/user}): keep only that part of the answer
 * @param allow    keep only these fields (of the object, or of each object of an array)
 * @param deny     drop these fields
 * @param rename   rename fields: old name to new name
 */
public record CallConfig(String key, String service, String route, String method, String path,
                         Map<String, String> headers, String body, Integer timeout, Boolean required, String pick,
                         List<String> allow, List<String> deny, Map<String, String> rename) {

    /** Placeholder sources taken from the incoming request: not usable as call keys. */
    static final Set<String> REQUEST_SOURCES = Set.of("query", "header", "path", "consumer");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public CallConfig {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ConfigException("key", "required: a name of letters, digits, '_' or '-'");
        }
        if (REQUEST_SOURCES.contains(key)) {
            throw new ConfigException("key", "'" + key + "' names a request value source (" + REQUEST_SOURCES + ")");
        }
        if (service == null || service.isBlank()) {
            throw new ConfigException("service", "required: a service of the config");
        }
        method = method == null ? "GET" : method;
        if (!METHOD.matcher(method).matches()) {
            throw new ConfigException("method", "expected an upper-case HTTP method such as GET or POST");
        }
        if (path == null || !path.startsWith("/")) {
            throw new ConfigException("path", "required: a path starting with '/' (on the service; never a URL)");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        for (String name : headers.keySet()) {
            if (!HEADER.matcher(name).matches()) {
                throw new ConfigException("headers", "bad header name '" + name + "'");
            }
        }
        if (timeout != null && timeout <= 0) {
            throw new ConfigException("timeout", "must be greater than 0");
        }
        required = required != null && required;
        if (pick != null && !pick.isEmpty() && !pick.startsWith("/")) {
            throw new ConfigException("pick", "a JSON pointer starts with '/', e.g. /data/user");
        }
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
        rename = rename == null ? Map.of() : Map.copyOf(rename);
    }
}
