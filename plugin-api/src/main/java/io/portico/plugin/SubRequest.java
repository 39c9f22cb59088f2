package io.portico.plugin;

import java.util.List;
import java.util.Map;

/**
 * A request a plugin sends to a service of the config through {@link ServiceCalls}.
 *
 * @param service  the target service's name or id
 * @param route    a route of that service whose plugins apply too, or {@code null}
 * @param method   the HTTP method
 * @param path     the path, relative to the service's own path (joined with it as Kong joins a route's path)
 * @param rawQuery the encoded query string without '?', or empty
 * @param headers  the request headers (forwarding headers are dropped)
 * @param body     the body, or an empty array
 */
public record SubRequest(String service, String route, String method, String path, String rawQuery,
                         Map<String, List<String>> headers, byte[] body) {
    public SubRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }
}
