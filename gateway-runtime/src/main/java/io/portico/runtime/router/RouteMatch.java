package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

import java.util.Map;

/**
 * The route a request matched, and what the match found in its path.
 *
 * @param route        the winning route
 * @param matchedPath  the prefix path that matched, or for a regex path the text the regex matched; {@code null}
 *                     when the route has no paths
 * @param captures     the groups of a regex path, by number ("1", "2", ...) and by name for named groups, as Kong's
 *                     {@code uri_captures}; empty for prefix paths
 * @param strippedPath the request path with {@code matchedPath} removed (always starting with {@code /}) when the
 *                     route has {@code strip_path}, else the request path; for the upstream path use
 *                     {@link UpstreamPath#join}
 */
public record RouteMatch(RouteConfig route, String matchedPath, Map<String, String> captures, String strippedPath) {
}
