package io.portico.runtime.router;

import io.portico.runtime.config.RouteConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link RouteConfig}s with Kong's defaults, setting only what a test cares about. */
final class TestRoute {

    private final String name;
    private List<String> methods = List.of();
    private List<String> hosts = List.of();
    private List<String> paths = List.of();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private boolean stripPath = true;
    private int regexPriority;
    private String pathHandling = "v0";

    private TestRoute(String name) {
        this.name = name;
    }

    static TestRoute route(String name) {
        return new TestRoute(name);
    }

    TestRoute methods(String... values) {
        methods = List.of(values);
        return this;
    }

    TestRoute hosts(String... values) {
        hosts = List.of(values);
        return this;
    }

    TestRoute paths(String... values) {
        paths = List.of(values);
        return this;
    }

    TestRoute header(String name, String... values) {
        headers.put(name, List.of(values));
        return this;
    }

    TestRoute stripPath(boolean value) {
        stripPath = value;
        return this;
    }

    TestRoute regexPriority(int value) {
        regexPriority = value;
        return this;
    }

    TestRoute pathHandling(String value) {
        pathHandling = value;
        return this;
    }

    RouteConfig build() {
        return new RouteConfig(name, name, "svc", List.of("http", "https"), methods, hosts, paths,
                Map.copyOf(headers), stripPath, false, regexPriority, pathHandling, 426, true, true,
                1024 * 1024, "fail", false, List.of(), 0);
    }

    static List<RouteConfig> all(TestRoute... routes) {
        List<RouteConfig> configs = new ArrayList<>();
        for (TestRoute route : routes) {
            configs.add(route.build());
        }
        return configs;
    }
}
