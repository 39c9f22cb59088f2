package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

/**
 * Two routes the router could not tell apart: the same matching attributes and the same priority, so which one
 * a request reaches would depend on file order.
 *
 * @param first  the route that comes first in the file
 * @param second the route that conflicts with it
 * @param reason what they share, e.g. "both match GET example.com /orders"
 */
public record RouteConflict(RouteConfig first, RouteConfig second, String reason) {
}
