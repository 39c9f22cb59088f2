package io.portico.runtime.config;

import static io.portico.runtime.config.Configs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Entities nested in others and entities referring to others at the top level end up the same: ids. */
class ConfigLoaderNestingTest {

    @Test
    void nestedAndTopLevelRoutesBelongToTheirServices() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                routes:
                - name: by-name
                  service: orders
                  paths: [/a]
                - name: by-object-name
                  service: {name: orders}
                  paths: [/b]
                - name: by-object-id
                  service: {id: 6f0c2a4e-1b3d-4e5f-9a7b-8c9d0e1f2a3b}
                  paths: [/c]
                - name: by-id
                  service: 6f0c2a4e-1b3d-4e5f-9a7b-8c9d0e1f2a3b
                  paths: [/d]
                - name: no-service
                  paths: [/e]
                services:
                - name: orders
                  host: orders.internal
                  routes:
                  - name: nested
                    paths: [/n]
                - id: 6f0c2a4e-1b3d-4e5f-9a7b-8c9d0e1f2a3b
                  name: billing
                  host: billing.internal
                """);
        String orders = config.services().get(0).id();
        String billing = config.services().get(1).id();
        Map<String, RouteConfig> routes = byName(config.routes(), RouteConfig::name);
        assertEquals(orders, routes.get("by-name").service());
        assertEquals(orders, routes.get("by-object-name").service());
        assertEquals(billing, routes.get("by-object-id").service());
        assertEquals(billing, routes.get("by-id").service());
        assertNull(routes.get("no-service").service());
        assertEquals(orders, routes.get("nested").service());
        assertEquals(6, config.routes().size());
    }

    @Test
    void unnamedRoutesGetDistinctIdsFromTheirPositions() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                services:
                - name: s
                  host: s.internal
                  routes:
                  - paths: [/one]
                  - paths: [/two]
                """);
        assertEquals(2, config.routes().stream().map(RouteConfig::id).distinct().count());
    }

    @Test
    void pluginsAreScopedByNestingOrByReferenceAndListedInFileOrder() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                services:
                - name: orders
                  host: orders.internal
                  plugins:
                  - name: cors
                  routes:
                  - name: r1
                    paths: [/orders]
                    plugins:
                    - name: cors
                consumers:
                - username: alice
                  plugins:
                  - name: rate-limiting
                plugins:
                - name: cors
                - name: rate-limiting
                  service: orders
                  route: r1
                  consumer: {username: alice}
                - name: key-auth
                  route: {name: r1}
                """);
        String service = config.services().get(0).id();
        String route = config.routes().get(0).id();
        String consumer = config.consumers().get(0).id();
        List<List<String>> scopes = config.plugins().stream()
                .map(p -> java.util.Arrays.asList(p.name(), p.service(), p.route(), p.consumer()))
                .toList();
        assertEquals(List.of(
                java.util.Arrays.asList("cors", service, null, null),
                java.util.Arrays.asList("cors", null, route, null),
                java.util.Arrays.asList("rate-limiting", null, null, consumer),
                java.util.Arrays.asList("cors", null, null, null),
                java.util.Arrays.asList("rate-limiting", service, route, consumer),
                java.util.Arrays.asList("key-auth", null, route, null)), scopes);
        assertEquals(6, config.plugins().stream().map(PluginEntry::id).distinct().count());
    }

    @Test
    void topLevelCredentialsJoinTheirConsumer() {
        ConsumerConfig consumer = load("""
                _format_version: "3.0"
                consumers:
                - username: bob
                  keyauth_credentials:
                  - key: nested
                keyauth_credentials:
                - consumer: bob
                  key: top
                basicauth_credentials:
                - consumer: {username: bob}
                  username: bob
                  password: s3cret
                """).consumers().get(0);
        assertEquals(List.of("nested", "top"), consumer.credentials().get("keyauth_credentials").stream()
                .map(c -> c.get("key").asText()).toList());
        assertEquals(false, consumer.credentials().get("keyauth_credentials").get(1).has("consumer"));
        assertTrue(io.portico.plugin.PasswordHash.matches("s3cret",
                consumer.credentials().get("basicauth_credentials").get(0).get("password").asText()),
                "the password is kept hashed, never in clear");
    }

    @Test
    void topLevelTargetsJoinTheirUpstream() {
        UpstreamConfig upstream = load("""
                _format_version: "3.0"
                targets:
                - target: b.internal:81
                  upstream: u
                upstreams:
                - name: u
                  targets:
                  - target: a.internal:80
                """).upstreams().get(0);
        assertEquals(List.of("a.internal:80", "b.internal:81"),
                upstream.targets().stream().map(TargetConfig::target).toList());
    }

    @Test
    void pluginOrderingIsKept() {
        PluginEntry entry = load("""
                _format_version: "3.0"
                plugins:
                - name: cors
                  ordering:
                    before:
                      access: [key-auth]
                    after:
                      log: [rate-limiting, request-termination]
                """).plugins().get(0);
        assertEquals(Map.of("before", Map.of("access", List.of("key-auth")),
                "after", Map.of("log", List.of("rate-limiting", "request-termination"))), entry.ordering());
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity()));
    }
}
