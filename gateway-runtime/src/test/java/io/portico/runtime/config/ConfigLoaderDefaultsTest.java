package io.portico.runtime.config;

import static io.portico.runtime.config.Configs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A valid file comes back with Kong's defaults filled in. */
class ConfigLoaderDefaultsTest {

    private static final String MINIMAL = """
            _format_version: "3.0"
            services:
            - name: orders
              host: orders.internal
              routes:
              - name: orders-route
                paths: [/orders]
            """;

    @Test
    void serviceGetsKongDefaults() {
        ServiceConfig service = load(MINIMAL).services().get(0);
        assertEquals("orders", service.name());
        assertEquals("http", service.protocol());
        assertEquals("orders.internal", service.host());
        assertEquals(80, service.port());
        assertNull(service.path());
        assertEquals(5, service.retries());
        assertEquals(60_000, service.connectTimeout());
        assertEquals(60_000, service.writeTimeout());
        assertEquals(60_000, service.readTimeout());
        assertTrue(service.enabled());
        assertEquals(List.of(), service.tags());
        assertEquals(3, service.line());
    }

    @Test
    void routeGetsKongDefaultsAndPorticoBufferDefaults() {
        RouteConfig route = load(MINIMAL).routes().get(0);
        assertEquals("orders-route", route.name());
        assertEquals(List.of("http", "https"), route.protocols());
        assertEquals(List.of(), route.methods());
        assertEquals(List.of(), route.hosts());
        assertEquals(List.of("/orders"), route.paths());
        assertEquals(Map.of(), route.headers());
        assertTrue(route.stripPath());
        assertFalse(route.preserveHost());
        assertEquals(0, route.regexPriority());
        assertEquals("v0", route.pathHandling());
        assertEquals(426, route.httpsRedirectStatusCode());
        assertTrue(route.requestBuffering());
        assertTrue(route.responseBuffering());
        assertEquals(1_048_576, route.bodyBufferSize());
        assertEquals("fail", route.bodyBufferOverflow());
        assertEquals(6, route.line());
    }

    @Test
    void idsAreDerivedFromNamesAndStableAcrossLoads() {
        DeclarativeConfig first = load(MINIMAL);
        DeclarativeConfig second = load(MINIMAL);
        String serviceId = UUID.nameUUIDFromBytes("service:orders".getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(serviceId, first.services().get(0).id());
        assertEquals(serviceId, first.routes().get(0).service());
        assertEquals(first.routes().get(0).id(), second.routes().get(0).id());
    }

    @Test
    void givenIdsAreKept() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                services:
                - id: 0b7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b
                  host: a.internal
                """);
        assertEquals("0b7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b", config.services().get(0).id());
        assertNull(config.services().get(0).name());
    }

    @Test
    void urlIsSplitIntoProtocolHostPortAndPath() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                services:
                - name: a
                  url: https://api.example.com:8443/v1/orders
                - name: b
                  url: https://secure.example.com
                - name: c
                  url: http://my_service:8080
                - name: d
                  url: http://[::1]:9000/x
                """);
        ServiceConfig a = config.services().get(0);
        assertEquals(List.of("https", "api.example.com", 8443, "/v1/orders"),
                List.of(a.protocol(), a.host(), a.port(), a.path()));
        ServiceConfig b = config.services().get(1);
        assertEquals(List.of("https", "secure.example.com", 443), List.of(b.protocol(), b.host(), b.port()));
        assertNull(b.path());
        ServiceConfig c = config.services().get(2);
        assertEquals(List.of("http", "my_service", 8080), List.of(c.protocol(), c.host(), c.port()));
        ServiceConfig d = config.services().get(3);
        assertEquals(List.of("::1", 9000, "/x"), List.of(d.host(), d.port(), d.path()));
    }

    @Test
    void httpsServiceDefaultsToPort443() {
        ServiceConfig service = load("""
                _format_version: "3.0"
                services:
                - name: s
                  protocol: https
                  host: s.example.com
                  tls_verify: true
                """).services().get(0);
        assertEquals(443, service.port());
    }

    @Test
    void routeValuesAreNormalized() {
        RouteConfig route = load("""
                _format_version: "3.0"
                routes:
                - name: r
                  methods: [get, Post]
                  hosts: [API.Example.com, "*.example.org", "example.*", "localhost:8000"]
                  paths: ["/a", "~/items/(?<id>\\\\d+)$"]
                  headers:
                    X-Version: v2
                    X-Tenant: [a, b]
                  protocols: [https]
                  strip_path: false
                  preserve_host: true
                  regex_priority: 7
                  path_handling: v1
                  https_redirect_status_code: 301
                  body_buffer_size: 0
                  body_buffer_overflow: pass
                  tags: [team-a]
                """).routes().get(0);
        assertNull(route.service());
        assertEquals(List.of("GET", "POST"), route.methods());
        assertEquals(List.of("api.example.com", "*.example.org", "example.*", "localhost:8000"), route.hosts());
        assertEquals(List.of("/a", "~/items/(?<id>\\d+)$"), route.paths());
        assertEquals(Map.of("x-version", List.of("v2"), "x-tenant", List.of("a", "b")), route.headers());
        assertEquals(List.of("https"), route.protocols());
        assertFalse(route.stripPath());
        assertTrue(route.preserveHost());
        assertEquals(7, route.regexPriority());
        assertEquals("v1", route.pathHandling());
        assertEquals(301, route.httpsRedirectStatusCode());
        assertEquals(0, route.bodyBufferSize());
        assertEquals("pass", route.bodyBufferOverflow());
        assertEquals(List.of("team-a"), route.tags());
    }

    @Test
    void upstreamAndTargetsGetKongDefaults() {
        UpstreamConfig upstream = load("""
                _format_version: "3.0"
                upstreams:
                - name: orders.upstream
                  targets:
                  - target: 10.0.0.1
                  - target: orders-2.internal:9000
                    weight: 0
                  - target: "[::1]:8080"
                """).upstreams().get(0);
        assertEquals("round-robin", upstream.algorithm());
        assertEquals("none", upstream.hashOn());
        assertEquals("none", upstream.hashFallback());
        assertEquals(10_000, upstream.slots());
        assertNull(upstream.hostHeader());
        assertNull(upstream.healthchecks());
        assertTrue(upstream.hashing().isEmpty());
        List<TargetConfig> targets = upstream.targets();
        assertEquals(List.of("10.0.0.1:8000", "orders-2.internal:9000", "[::1]:8080"),
                targets.stream().map(TargetConfig::target).toList());
        assertEquals(List.of("10.0.0.1", 8000, 100), List.of(targets.get(0).host(), targets.get(0).port(),
                targets.get(0).weight()));
        assertEquals(0, targets.get(1).weight());
        assertEquals("::1", targets.get(2).host());
        assertEquals(6, targets.get(1).line());
    }

    @Test
    void hashOnImpliesConsistentHashingAndKeepsTheHashingFields() {
        UpstreamConfig upstream = load("""
                _format_version: "3.0"
                upstreams:
                - name: u
                  hash_on: header
                  hash_on_header: X-User
                  hash_fallback: cookie
                  hash_on_cookie: session
                  hash_on_cookie_path: /app
                  slots: 100
                  healthchecks:
                    active:
                      http_path: /health
                """).upstreams().get(0);
        assertEquals("consistent-hashing", upstream.algorithm());
        assertEquals("header", upstream.hashOn());
        assertEquals("cookie", upstream.hashFallback());
        assertEquals("X-User", upstream.hashing().get("hash_on_header").asText());
        assertEquals("session", upstream.hashing().get("hash_on_cookie").asText());
        assertEquals("/app", upstream.hashing().get("hash_on_cookie_path").asText());
        assertEquals("/health", upstream.healthchecks().at("/active/http_path").asText());
        assertEquals(100, upstream.slots());
    }

    @Test
    void consumerKeepsItsCredentialsAsWritten() {
        ConsumerConfig consumer = load("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  custom_id: A-1
                  tags: [vip]
                  keyauth_credentials:
                  - key: secret-1
                  - key: secret-2
                  acls:
                  - group: admins
                """).consumers().get(0);
        assertEquals("alice", consumer.username());
        assertEquals("A-1", consumer.customId());
        assertEquals(List.of("vip"), consumer.tags());
        assertEquals(2, consumer.credentials().get("keyauth_credentials").size());
        assertEquals("secret-2", consumer.credentials().get("keyauth_credentials").get(1).get("key").asText());
        assertEquals("admins", consumer.credentials().get("acls").get(0).get("group").asText());
        assertFalse(consumer.credentials().containsKey("jwt_secrets"));
    }

    @Test
    void pluginConfigIsBoundWithRecordDefaults() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  config:
                    status_code: 418
                    message: teapot
                    limits:
                      minute: 5
                - name: cors
                """);
        PluginEntry termination = config.plugins().get(0);
        assertTrue(termination.isGlobal());
        assertTrue(termination.enabled());
        assertEquals(Map.of(), termination.ordering());
        TestPlugins.TerminationConfig bound = (TestPlugins.TerminationConfig) termination.config();
        assertEquals(418, bound.statusCode());
        assertEquals("teapot", bound.message());
        assertEquals(false, bound.echo());
        assertEquals(5, bound.limits().minute());
        // an absent config binds from {}
        assertEquals(new TestPlugins.NoConfig(), config.plugins().get(1).config());
        assertEquals(9, config.plugins().get(1).line());
    }

    @Test
    void absentConfigBindsTheRecordDefaults() {
        PluginEntry entry = load("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  enabled: false
                """).plugins().get(0);
        assertFalse(entry.enabled());
        assertEquals(503, ((TestPlugins.TerminationConfig) entry.config()).statusCode());
    }

    @Test
    void jsonIsAcceptedWithLines() {
        DeclarativeConfig config = load("""
                {
                  "_format_version": "3.0",
                  "services": [
                  \t{
                      "name": "json-svc",
                      "url": "http://json.internal:81/p",
                      "routes": [{"name": "jr", "paths": ["/j"]}]
                    }
                  ]
                }
                """);
        assertEquals("json.internal", config.services().get(0).host());
        assertEquals(81, config.services().get(0).port());
        assertEquals(4, config.services().get(0).line());
        assertEquals(config.services().get(0).id(), config.routes().get(0).service());
    }

    @Test
    void formatVersion21IsAccepted() {
        assertEquals("2.1", load("_format_version: \"2.1\"\n_transform: true\n").formatVersion());
    }

    @Test
    void hashIsSha256OfTheTextAndSourceIsThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kong.yaml");
        Files.writeString(file, MINIMAL);
        DeclarativeConfig config = TestPlugins.loader().load(file);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(MINIMAL.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, config.hash());
        assertEquals(file.toString(), config.source());
        assertEquals("test.yaml", load(MINIMAL).source());
    }

    @Test
    void kongExportMetadataIsAccepted() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                _comment: exported from Kong
                services:
                - name: s
                  host: s.internal
                  created_at: 1700000000
                  updated_at: 1700000001
                  _comment: the orders service
                  ca_certificates: []
                  routes:
                  - name: r
                    paths: [/s]
                    snis: ~
                    sources: []
                """);
        assertEquals(1, config.routes().size());
    }

    @Test
    void yamlAnchorsAndMergeKeysWork() {
        DeclarativeConfig config = load("""
                _format_version: "3.0"
                services:
                - &base
                  name: one
                  host: shared.internal
                  retries: 2
                - <<: *base
                  name: two
                """);
        assertEquals("two", config.services().get(1).name());
        assertEquals("shared.internal", config.services().get(1).host());
        assertEquals(2, config.services().get(1).retries());
    }
}
