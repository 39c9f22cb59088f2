package io.portico.plugin;

import java.util.List;
import java.util.Map;

/**
 * The route a request matched.
 *
 * @param id          the route's id
 * @param name        the route's name (may be {@code null})
 * @param tags        the route's tags
 * @param matchedPath the path of the route that matched (a prefix, or a regex starting with '~'), or {@code null}
 * @param captures    named captures of a regex path ({@code (?<name>...)}); unnamed groups under "1", "2", ...
 */
public record RouteInfo(String id, String name, List<String> tags, String matchedPath, Map<String, String> captures) {
}
