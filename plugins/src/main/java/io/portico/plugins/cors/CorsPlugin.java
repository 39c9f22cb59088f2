package io.portico.plugins.cors;

import io.portico.plugin.Exchange;
import io.portico.plugin.Headers;
import io.portico.plugin.Plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kong's {@code cors}: answers preflight requests (OPTIONS with Origin and Access-Control-Request-Method) itself
 * with 200 unless {@code preflight_continue}, and adds the CORS headers to every other response.
 */
final class CorsPlugin implements Plugin {
    // set in access when the response must not get the headers (a preflight answered here or by the upstream)
    private static final String SKIP = "cors.skip_response_headers";

    private final CorsConfig config;
    private final AllowedOrigins origins;
    private final String allowHeaders;
    private final String allowMethods;
    private final String exposeHeaders;
    private final String maxAge;

    CorsPlugin(CorsConfig config) {
        this.config = config;
        this.origins = new AllowedOrigins(config.origins());
        this.allowHeaders = config.headers().isEmpty() ? null : String.join(",", config.headers());
        this.allowMethods = String.join(",", config.methods());
        this.exposeHeaders = config.exposedHeaders().isEmpty() ? null : String.join(",", config.exposedHeaders());
        this.maxAge = config.maxAge() == null ? null : number(config.maxAge());
    }

    /** As Lua prints a number: no ".0" for a whole one. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    @Override
    public void access(Exchange exchange) {
        String origin = exchange.request().header("Origin");
        if (!"OPTIONS".equals(exchange.request().method()) || !provided(origin)
                || exchange.request().header("Access-Control-Request-Method") == null) {
            return;
        }
        exchange.ctx().put(SKIP, this);
        if (config.preflightContinue()) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        HeaderTarget target = new HeaderTarget(headers);
        boolean allowAll = allowOrigin(target, origin, false);
        allowCredentials(target, allowAll, origin, false);
        String requested = exchange.request().header("Access-Control-Request-Headers");
        String allowed = allowHeaders != null ? allowHeaders : requested;
        if (allowed != null) {
            headers.put("Access-Control-Allow-Headers", allowed);
        }
        headers.put("Access-Control-Allow-Methods", allowMethods);
        if (maxAge != null) {
            headers.put("Access-Control-Max-Age", maxAge);
        }
        if (config.privateNetwork()
                && "true".equals(exchange.request().header("Access-Control-Request-Private-Network"))) {
            headers.put("Access-Control-Allow-Private-Network", "true");
        }
        exchange.respond(200, new byte[0], headers);
    }

    @Override
    public void header(Exchange exchange) {
        if (exchange.ctx().get(SKIP) == this) {
            return;
        }
        String origin = exchange.request().header("Origin");
        if (!provided(origin) && !config.allowOriginAbsent()) {
            return;
        }
        HeaderTarget target = new HeaderTarget(exchange.response());
        boolean allowAll = allowOrigin(target, origin, true);
        allowCredentials(target, allowAll, origin, true);
        if (exposeHeaders != null) {
            exchange.response().setHeader("Access-Control-Expose-Headers", exposeHeaders);
        }
    }

    /** Sets Access-Control-Allow-Origin (and Vary); true when any origin is allowed ("*"). */
    private boolean allowOrigin(HeaderTarget target, String origin, boolean onResponse) {
        List<String> list = config.origins();
        if (list.isEmpty() || (list.size() == 1 && "*".equals(list.getFirst()))) {
            target.set("Access-Control-Allow-Origin", "*");
            return true;
        }
        target.vary(onResponse); // the answer depends on the Origin: caches must key on it
        String allowed = null;
        if (list.size() == 1 && AllowedOrigins.isPlain(list.getFirst())) {
            allowed = list.getFirst();
        } else if (provided(origin)) {
            if (origins.any()) {
                target.set("Access-Control-Allow-Origin", "*");
                return true;
            }
            allowed = origins.match(origin);
        }
        if (allowed != null) {
            target.set("Access-Control-Allow-Origin", allowed);
        } else {
            target.remove("Access-Control-Allow-Origin");
        }
        return false;
    }

    private void allowCredentials(HeaderTarget target, boolean allowAll, String origin, boolean onResponse) {
        if (!config.credentials()) {
            return;
        }
        if (!allowAll) {
            target.set("Access-Control-Allow-Credentials", "true");
        } else if (provided(origin)) {
            // "*" cannot go with credentials: the browser would refuse it, so the origin itself is allowed
            target.vary(onResponse);
            target.set("Access-Control-Allow-Origin", origin);
            target.set("Access-Control-Allow-Credentials", "true");
        }
    }

    private static boolean provided(String origin) {
        return origin != null && !origin.isEmpty();
    }

    /** The preflight answer's header map, or the response's headers. */
    private record HeaderTarget(Map<String, String> map, Headers headers) {
        HeaderTarget(Map<String, String> map) {
            this(map, null);
        }

        HeaderTarget(Headers headers) {
            this(null, headers);
        }

        void set(String name, String value) {
            if (map != null) {
                map.put(name, value);
            } else {
                headers.setHeader(name, value);
            }
        }

        void remove(String name) {
            if (map != null) {
                map.remove(name);
            } else {
                headers.removeHeader(name);
            }
        }

        /** Kong adds "Vary: Origin" to an upstream response (keeping its Vary) and sets it on a preflight answer. */
        void vary(boolean onResponse) {
            if (map != null) {
                map.put("Vary", "Origin");
            } else if (onResponse) {
                headers.addHeader("Vary", "Origin");
            } else {
                headers.setHeader("Vary", "Origin");
            }
        }
    }
}
