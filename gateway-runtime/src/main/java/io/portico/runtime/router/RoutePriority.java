package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

import java.util.List;

/**
 * The precedence of one (route, path) pair among all routes that match a request, packed into one {@code long}
 * so that ordering thousands of candidates at compile time is a plain sort and choosing the winner per request is
 * an int comparison of precomputed ranks.
 *
 * <h2>Kong's order, and why we copy it</h2>
 * Kong 3.x's default router flavour {@code traditional_compatible} turns every route into an ATC expression with a
 * 64-bit priority ({@code get_priority} in {@code kong/router/transform.lua}); the highest priority whose expression
 * matches wins. Users coming from Kong rely on that order (for example that {@code GET /} with a method beats a
 * longer path without one), so we reproduce it field for field, most significant first:
 * <ol>
 *   <li><b>match weight</b>: how many attribute categories the route defines, one point each for {@code methods},
 *       {@code hosts}, {@code headers} and {@code paths} (Kong also counts {@code snis}, {@code sources} and
 *       {@code destinations}, which Portico's HTTP routes don't have). A route that says more about the request is
 *       more specific, whatever the details.</li>
 *   <li><b>plain hosts only</b>: the route has hosts and none of them is a wildcard. Note Kong sets this bit only
 *       when {@code hosts} is present ({@code type(hosts) == "table"}), so a route without hosts does not get it;
 *       it only matters between routes of equal weight anyway.</li>
 *   <li><b>header count</b>: more header names first (capped at 255 as in Kong).</li>
 *   <li><b>regex path</b>: a regex path beats any prefix path at this point (Kong issue #4121 asked exactly this:
 *       {@code ~/api/.*} wins over {@code /api/account}).</li>
 *   <li><b>regex_priority</b>: only for regex paths, higher first. Kong shifts the raw integer into the key, which
 *       corrupts the higher bits for negative values; we store it offset by 2^31 so negative priorities order
 *       numerically, as the traditional router and the docs describe.</li>
 *   <li><b>prefix length</b>: for prefix paths, the longest path first (Kong's "longest paths get evaluated
 *       first").</li>
 * </ol>
 * Kong computes this per <i>sub-route</i>: a route whose paths mix regexes and prefixes of different lengths is split
 * ({@code split_routes_and_services_by_path}) into one sub-route for all its regexes and one per prefix length.
 * We get the same effect by computing a priority per (route, path) pair.
 * <p>
 * When everything above is equal, {@code traditional_compatible} does not define a winner (its ATC router orders
 * equal priorities by route UUID). We pick the route declared first in the file, as Kong's {@code traditional}
 * flavour does with {@code created_at}, and {@link RouteConflicts} reports such pairs so that nobody depends on it.
 * <p>
 * References: docs "Traditional router / Route priority / traditional compatible mode"
 * (developer.konghq.com/gateway/routing/traditional), {@code kong/router/transform.lua} {@code get_priority}.
 */
final class RoutePriority {

    // Bit layout (our own, so that the key stays a positive signed long; the order is Kong's):
    //   62..60 match weight | 59 plain hosts only | 58..51 header count | 50 regex path
    //   49..18 regex_priority + 2^31 (regex paths only) | 17..0 prefix length
    private static final int WEIGHT_SHIFT = 60;
    private static final long PLAIN_HOSTS_BIT = 1L << 59;
    private static final int HEADER_COUNT_SHIFT = 51;
    private static final int MAX_HEADER_COUNT = 255;
    private static final long REGEX_BIT = 1L << 50;
    private static final int REGEX_PRIORITY_SHIFT = 18;
    private static final long MAX_PREFIX_LENGTH = (1L << 18) - 1;

    private RoutePriority() {
    }

    /**
     * @param route the route
     * @param path  one of its paths ({@code ~} prefix = regex), or {@code null} for a route without paths
     */
    static long of(RouteConfig route, String path) {
        int weight = 0;
        if (!isEmpty(route.methods())) {
            weight++;
        }
        boolean hasHosts = !isEmpty(route.hosts());
        if (hasHosts) {
            weight++;
        }
        int headerCount = route.headers() == null ? 0 : route.headers().size();
        if (headerCount > 0) {
            weight++;
        }
        if (path != null) {
            weight++;
        }

        long key = (long) weight << WEIGHT_SHIFT;
        if (hasHosts && route.hosts().stream().noneMatch(h -> h.indexOf('*') >= 0)) {
            key |= PLAIN_HOSTS_BIT;
        }
        key |= (long) Math.min(headerCount, MAX_HEADER_COUNT) << HEADER_COUNT_SHIFT;
        if (path != null) {
            if (RegexPath.isRegex(path)) {
                long offsetPriority = (long) route.regexPriority() - Integer.MIN_VALUE; // 0 .. 2^32-1
                key |= REGEX_BIT | offsetPriority << REGEX_PRIORITY_SHIFT;
            } else {
                key |= Math.min(path.length(), MAX_PREFIX_LENGTH);
            }
        }
        return key;
    }

    private static boolean isEmpty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
