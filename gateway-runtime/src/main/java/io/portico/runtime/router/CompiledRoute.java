package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

import java.util.List;
import java.util.Map;

/**
 * The attributes of a route that the indexes cannot decide (methods and headers), ready to test per request
 * without allocating. Paths and hosts are decided by where the route sits in the indexes.
 */
final class CompiledRoute {

    final RouteConfig config;
    /** Position in the config, the last tie-breaker. */
    final int order;
    private final String[] methods; // empty = any
    private final HeaderCondition[] headers;

    CompiledRoute(RouteConfig config, int order) {
        this.config = config;
        this.order = order;
        List<String> methodList = config.methods() == null ? List.of() : config.methods();
        this.methods = methodList.toArray(String[]::new);
        Map<String, List<String>> headerMap = config.headers() == null ? Map.of() : config.headers();
        this.headers = headerMap.entrySet().stream()
                .map(e -> new HeaderCondition(e.getKey(), e.getValue()))
                .toArray(HeaderCondition[]::new);
    }

    boolean accepts(String method, HeaderLookup requestHeaders) {
        return acceptsMethod(method) && acceptsHeaders(requestHeaders);
    }

    private boolean acceptsMethod(String method) {
        if (methods.length == 0) {
            return true;
        }
        for (String accepted : methods) {
            if (accepted.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean acceptsHeaders(HeaderLookup requestHeaders) {
        for (HeaderCondition condition : headers) {
            if (!condition.accepts(requestHeaders)) {
                return false;
            }
        }
        return true;
    }
}
