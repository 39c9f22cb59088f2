package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

/**
 * The path sent upstream, from the service path, the matched route and the request path, by Kong's rules.
 * <p>
 * Kong computes a "postfix": the request path after the matched prefix when {@code strip_path} (after {@code /}
 * otherwise, or when the route matched without a path), minus a leading {@code ./} or {@code ../}. Then:
 * <ul>
 *   <li>{@code path_handling: v0} (the default; {@code get_upstream_uri_v0} in {@code kong/router/utils.lua}) treats
 *       service path and postfix as URL segments and joins them with exactly one slash, keeping a trailing slash of
 *       the request: service {@code /s}, route {@code /r}, request {@code /rreq}, strip: {@code /s/req}.</li>
 *   <li>{@code path_handling: v1} (Kong 1.x, {@code kong/router/traditional.lua}) treats the service path as a plain
 *       prefix: the same example gives {@code /sreq}; only a double slash at the junction is merged.</li>
 * </ul>
 * Kong 3.x honours v1 only with {@code router_flavor = traditional} (it deprecated v1 and its
 * {@code traditional_compatible} flavour treats every route as v0). Portico honours the field as configured: the
 * config accepts it, so a route that says v1 gets v1. The rows of Kong's own table
 * ({@code spec/fixtures/router_path_handling_tests.lua}) are {@code UpstreamPathTest}.
 */
public final class UpstreamPath {

    private UpstreamPath() {
    }

    /**
     * @param servicePath the service's path, or {@code null} (then {@code /})
     * @param match       the route match of this request
     * @param requestPath the normalized request path (no query string), as given to {@link Router#match}
     */
    public static String join(String servicePath, RouteMatch match, String requestPath) {
        String base = servicePath == null || servicePath.isEmpty() ? "/" : servicePath;
        RouteConfig route = match.route();
        boolean strip = route.stripPath();
        String postfix = postfix(strip ? match.matchedPath() : null, requestPath);

        if ("v1".equals(route.pathHandling())) {
            if (!strip) {
                return base + requestPath.substring(Math.min(1, requestPath.length()));
            }
            if (endsWithSlash(base) && startsWithSlash(postfix)) {
                return base.substring(0, base.length() - 1) + postfix;
            }
            return base + postfix;
        }
        return joinV0(base, strip, postfix, requestPath);
    }

    private static String joinV0(String base, boolean strip, String postfix, String requestPath) {
        if (endsWithSlash(base)) {
            if (!strip) {
                // keep the request path, prefixed with the service path, without doubling the slash
                return base + requestPath.substring(Math.min(1, requestPath.length()));
            }
            if (postfix.isEmpty()) {
                if (base.equals("/") || endsWithSlash(requestPath)) {
                    return base;
                }
                return base.substring(0, base.length() - 1);
            }
            if (startsWithSlash(postfix)) {
                return base.substring(0, base.length() - 1) + postfix;
            }
            return base + postfix;
        }
        if (!strip) {
            return requestPath.equals("/") ? base : base + requestPath;
        }
        if (postfix.isEmpty()) {
            return requestPath.length() > 1 && endsWithSlash(requestPath) ? base + "/" : base;
        }
        return startsWithSlash(postfix) ? base + postfix : base + "/" + postfix;
    }

    /** The request path with {@code matchedPath} removed, as a path (what a service at {@code /} receives). */
    static String stripped(RouteConfig route, String matchedPath, String requestPath) {
        if (!route.stripPath() || matchedPath == null) {
            return requestPath;
        }
        String postfix = postfix(matchedPath, requestPath);
        return startsWithSlash(postfix) ? postfix : "/" + postfix;
    }

    /**
     * Kong's {@code request_postfix}: what follows the stripped prefix ({@code "/"} when nothing is stripped), cleaned
     * by {@code sanitize_uri_postfix} so that stripping {@code /route} from {@code /route../x} cannot climb up.
     * Kong takes the length of the matched text, also for a regex, so we do too.
     */
    private static String postfix(String strippedPrefix, String requestPath) {
        int from = Math.min(strippedPrefix == null ? 1 : strippedPrefix.length(), requestPath.length());
        String postfix = requestPath.substring(from);
        if (postfix.equals(".") || postfix.equals("..")) {
            return "";
        }
        if (postfix.startsWith("./")) {
            return postfix.substring(2);
        }
        if (postfix.startsWith("../")) {
            return postfix.substring(3);
        }
        return postfix;
    }

    private static boolean endsWithSlash(String s) {
        return !s.isEmpty() && s.charAt(s.length() - 1) == '/';
    }

    private static boolean startsWithSlash(String s) {
        return !s.isEmpty() && s.charAt(0) == '/';
    }
}
