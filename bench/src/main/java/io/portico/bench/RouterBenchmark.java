package io.portico.bench;

import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.router.HeaderLookup;
import io.portico.runtime.router.RouteMatch;
import io.portico.runtime.router.Router;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long {@link Router#match} takes as the route count grows, when the request hits the LAST declared route (the
 * case that makes a linear matcher slow: Spring Cloud Gateway drops from ~11k to ~2k req/s when the matching route
 * is the 800th) and when nothing matches. A flat line across {@code routes} is the point;
 * {@code linearScanHitLastRoute} sends the same request through a first-match scan of the routes in file order (each
 * step being a single-route match), measured side by side for scale.
 * <p>
 * The routes are a realistic mix: per-service prefixes ({@code /svc-123/v1}), host-based routes, wildcard hosts,
 * regex routes with captures, a few methods and headers, and three regexes without a literal start, which no index
 * can place.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {

    private static final Map<String, List<String>> TENANT_BLUE = Map.of("x-tenant", List.of("blue"));
    private static final HeaderLookup HEADERS = name -> TENANT_BLUE.getOrDefault(name, List.of());
    private static final HeaderLookup NO_HEADERS = HeaderLookup.NONE;

    @Param({"1", "100", "5000"})
    public int routes;

    private Router router;
    /** Baseline: one router per route, tried in file order until one matches, as a linear matcher does. */
    private Router[] linearScan;

    @Setup
    public void compile() {
        List<RouteConfig> configs = new ArrayList<>();
        for (int i = 0; i < routes - 1; i++) {
            configs.add(mixedRoute(i));
        }
        // The route the "hit" benchmarks want, declared last.
        configs.add(route("last", List.of("GET"), List.of("last.example.com"), List.of("/svc-last/v1"), Map.of()));
        router = Router.compile(configs);
        linearScan = configs.stream().map(route -> Router.compile(List.of(route))).toArray(Router[]::new);
        if (hitLastRoute() == null || hitLastRoute().route() != configs.get(configs.size() - 1)
                || missEverything() != null) {
            throw new IllegalStateException("benchmark routes do not behave as intended");
        }
    }

    @Benchmark
    public RouteMatch hitLastRoute() {
        return router.match("GET", "last.example.com", "/svc-last/v1/orders/42", NO_HEADERS);
    }

    @Benchmark
    public RouteMatch hitLastRouteWithHeaders() {
        return router.match("GET", "last.example.com:8000", "/svc-last/v1/orders/42", HEADERS);
    }

    @Benchmark
    public RouteMatch linearScanHitLastRoute() {
        for (Router single : linearScan) {
            RouteMatch match = single.match("GET", "last.example.com", "/svc-last/v1/orders/42", NO_HEADERS);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    @Benchmark
    public RouteMatch missEverything() {
        return router.match("GET", "unknown.example.org", "/nothing/here/at/all", NO_HEADERS);
    }

    private static RouteConfig mixedRoute(int i) {
        List<String> methods = i % 3 == 0 ? List.of("GET", "POST") : List.of();
        if (i < 3) {
            // regexes without literal start: they sit in a list that every request may have to try
            return route("unindexed-" + i, methods, List.of(), List.of("~(?i)/legacy-" + i + "/"), Map.of());
        }
        return switch (i % 10) {
            case 0, 1, 2, 3, 4 -> route("prefix-" + i, methods, List.of(), List.of("/svc-" + i + "/v1"), Map.of());
            case 5, 6 -> route("host-" + i, methods, List.of("svc-" + i + ".example.com"), List.of("/api"), Map.of());
            case 7 -> route("wildcard-" + i, methods, List.of("*.tenant-" + i + ".example.com"), List.of(),
                    Map.of());
            case 8 -> route("regex-" + i, methods, List.of(),
                    List.of("~/svc-" + i + "/items/(?<id>\\d+)$"), Map.of());
            default -> route("header-" + i, methods, List.of(), List.of("/svc-" + i),
                    Map.of("x-tenant", List.of("blue", "green")));
        };
    }

    private static RouteConfig route(String name, List<String> methods, List<String> hosts, List<String> paths,
                                     Map<String, List<String>> headers) {
        return new RouteConfig(name, name, "svc", List.of("http", "https"), methods, hosts, paths, headers,
                true, false, 0, "v0", 426, true, true, 1024 * 1024, "fail", false, List.of(), 0);
    }
}
