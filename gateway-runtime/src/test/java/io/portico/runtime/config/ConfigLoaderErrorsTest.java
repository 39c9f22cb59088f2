package io.portico.runtime.config;

import static io.portico.runtime.config.Configs.assertHas;
import static io.portico.runtime.config.Configs.errors;
import static io.portico.runtime.config.Configs.onlyError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Every problem names the entity, the field and the line; all problems of a file are reported together. */
class ConfigLoaderErrorsTest {

    // ---- the file as a whole

    @Test
    void formatVersionIsRequired() {
        onlyError("""
                services: []
                """, "top level", "_format_version", 1, "required field missing");
    }

    @Test
    void unquotedFormatVersionIsExplained() {
        onlyError("""
                _format_version: 3.0
                """, "top level", "_format_version", 1, "quote it: _format_version: \"3.0\"");
    }

    @Test
    void unknownFormatVersionIsRefused() {
        onlyError("""
                _format_version: "1.0"
                """, "top level", "_format_version", 1, "expected \"3.0\"");
    }

    @Test
    void unknownTopLevelKeyIsAnErrorWithASuggestion() {
        onlyError("""
                _format_version: "3.0"
                servics:
                - name: a
                """, "top level", "servics", 2, "unknown field 'servics'; did you mean 'services'?");
    }

    @Test
    void kongEntitiesPorticoLacksAreNamedNotSupported() {
        onlyError("""
                _format_version: "3.0"
                certificates:
                - cert: x
                """, "top level", "certificates", 2, "not supported");
    }

    @Test
    void transformFalseIsRefused() {
        onlyError("""
                _format_version: "3.0"
                _transform: false
                """, "top level", "_transform", 2, "not supported");
    }

    @Test
    void emptyFileIsRefused() {
        onlyError("", "top level", "", 0, "the config is empty");
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() {
        ConfigError error = onlyError("""
                _format_version: "3.0"
                services:
                - name: a
                   host: b: c
                """, "top level", "", 4, "not valid YAML");
        assertTrue(error.message().contains("mapping values are not allowed here"), error.message());
    }

    @Test
    void jsonSyntaxErrorNamesItsLine() {
        onlyError("""
                {
                  "_format_version": "3.0",
                  "services": [ { "name": "a", } ]
                }
                """, "top level", "", 3, "not valid JSON");
    }

    @Test
    void duplicateKeyIsAnError() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: a
                  host: one.internal
                  host: two.internal
                """, "services[0]", "host", 5, "duplicate key; it is already set at line 4");
    }

    @Test
    void topLevelMustBeAnObject() {
        onlyError("""
                - a
                - b
                """, "top level", "", 1, "expected an object, got a list");
    }

    // ---- services

    @Test
    void urlWithItsPartsIsAnError() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: orders
                  url: http://orders.internal
                  port: 8080
                """, "service \"orders\"", "port", 5, "cannot be set together with 'url'");
    }

    @Test
    void urlWithoutSchemeIsAnError() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: orders
                  url: orders.internal
                """, "service \"orders\"", "url", 4, "expected a full url");
    }

    @Test
    void unsupportedProtocolIsNamed() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: orders
                  protocol: grpc
                  host: orders.internal
                """, "service \"orders\"", "protocol", 4, "protocol 'grpc' is not supported");
    }

    @Test
    void hostIsRequiredWithoutUrl() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: orders
                  port: 8080
                """, "service \"orders\"", "host", 3, "required field missing");
    }

    @Test
    void servicePathMustStartWithSlash() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: orders
                  host: orders.internal
                  path: v1
                """, "service \"orders\"", "path", 5, "should start with: /");
    }

    @Test
    void outOfRangeAndWrongTypesAreErrors() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                services:
                - name: orders
                  host: orders.internal
                  retries: 40000
                  read_timeout: "60000"
                  enabled: yes please
                  tags: [ok, "a,b"]
                """);
        assertEquals(4, errors.size(), errors.toString());
        assertHas(errors, "service \"orders\"", "retries", 5, "must be between 0 and 32767; got 40000");
        assertHas(errors, "service \"orders\"", "read_timeout", 6, "expected an integer, got a string");
        assertHas(errors, "service \"orders\"", "enabled", 7, "expected a boolean");
        assertHas(errors, "service \"orders\"", "tags[1]", 8, "invalid tag 'a,b'");
    }

    @Test
    void unknownServiceFieldIsAnErrorWithASuggestion() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: orders
                  host: orders.internal
                  retires: 3
                """, "service \"orders\"", "retires", 5, "unknown field 'retires'; did you mean 'retries'?");
    }

    @Test
    void tlsFieldsOtherThanTlsVerifyAreNotSupported() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                services:
                - name: orders
                  url: http://orders.internal
                  tls_verify: true
                  client_certificate: {id: 0b7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b}
                """);
        assertEquals(2, errors.size(), errors.toString());
        assertHas(errors, "service \"orders\"", "tls_verify", 5, "only be set when the protocol is https");
        assertHas(errors, "service \"orders\"", "client_certificate", 6, "not supported");
    }

    @Test
    void namesAndIdsFollowKongsRules() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                services:
                - name: my orders
                  id: svc-1
                  host: orders.internal
                """);
        assertHas(errors, "service \"my orders\"", "name", 3, "the only accepted ascii characters");
        assertHas(errors, "service \"my orders\"", "id", 4, "expected a UUID");
    }

    @Test
    void duplicateServiceNamesAndIdsAreErrors() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                services:
                - name: orders
                  id: 0b7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b
                  host: a.internal
                - name: orders
                  host: b.internal
                - name: other
                  id: 0b7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b
                  host: c.internal
                """);
        assertEquals(2, errors.size(), errors.toString());
        assertHas(errors, "service \"orders\"", "name", 6, "duplicate service name 'orders': already used by service \"orders\" at line 3");
        assertHas(errors, "service \"other\"", "id", 9, "duplicate service id");
    }

    // ---- routes

    @Test
    void danglingServiceReferenceIsAnError() {
        onlyError("""
                _format_version: "3.0"
                routes:
                - name: r1
                  service: nowhere
                  paths: [/x]
                """, "route \"r1\"", "service", 4, "no service with name or id 'nowhere'");
    }

    @Test
    void danglingServiceReferenceByObjectNamesItsField() {
        onlyError("""
                _format_version: "3.0"
                routes:
                - name: r1
                  service:
                    id: 0b7a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b
                  paths: [/x]
                """, "route \"r1\"", "service.id", 5, "no service with id");
    }

    @Test
    void badPathsAreReportedOneByOne() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                routes:
                - name: r1
                  paths:
                  - /ok
                  - orders
                  - ~/items/(\\d+
                  - /a/../b
                  - /a//b
                """);
        assertEquals(4, errors.size(), errors.toString());
        assertHas(errors, "route \"r1\"", "paths[1]", 6, "should start with: / (fixed path) or ~/ (regex path)");
        ConfigError regex = assertHas(errors, "route \"r1\"", "paths[2]", 7, "invalid regex '/items/(\\d+'");
        assertTrue(regex.message().contains("Unclosed group"), regex.message());
        assertHas(errors, "route \"r1\"", "paths[3]", 8, "non-normalized path, consider using '/b' instead");
        assertHas(errors, "route \"r1\"", "paths[4]", 9, "must not have empty segments");
    }

    @Test
    void unnamedRoutesAreNamedByPosition() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                routes:
                - paths: [/a]
                - paths: [a]
                services:
                - name: s
                  host: s.internal
                  routes:
                  - paths: [b]
                """);
        assertHas(errors, "routes[1]", "paths[0]", 4, "should start with");
        assertHas(errors, "routes[0] of service \"s\"", "paths[0]", 9, "should start with");
    }

    @Test
    void badHostsMethodsAndHeadersAreErrors() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                routes:
                - name: r1
                  hosts: ["api.*.com", "*.*.example.com", "ok.example.com"]
                  methods: [GET, "GE T"]
                  headers:
                    Host: [example.com]
                    X-Re: "~*(["
                    X-Empty: []
                """);
        assertEquals(6, errors.size(), errors.toString());
        assertHas(errors, "route \"r1\"", "hosts[0]", 4, "must be placed at leftmost or rightmost label");
        assertHas(errors, "route \"r1\"", "hosts[1]", 4, "must have at most one wildcard");
        assertHas(errors, "route \"r1\"", "methods[1]", 5, "invalid method 'GE T'");
        assertHas(errors, "route \"r1\"", "headers.Host", 7, "cannot contain 'host' header");
        assertHas(errors, "route \"r1\"", "headers.X-Re", 8, "invalid regex '(['");
        assertHas(errors, "route \"r1\"", "headers.X-Empty", 9, "non-empty list");
    }

    @Test
    void routeMustMatchOnSomething() {
        onlyError("""
                _format_version: "3.0"
                routes:
                - name: r1
                  strip_path: false
                """, "route \"r1\"", "", 3, "must set one of 'methods', 'hosts', 'headers', 'paths'");
    }

    @Test
    void unsupportedRouteFieldsAndValuesAreNamed() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                routes:
                - name: r1
                  paths: [/a]
                  protocols: [http, grpc]
                  snis: [a.example.com]
                  https_redirect_status_code: 303
                  path_handling: v2
                  body_buffer_overflow: drop
                  body_buffer_size: -1
                """);
        assertEquals(6, errors.size(), errors.toString());
        assertHas(errors, "route \"r1\"", "protocols[1]", 5, "protocol 'grpc' is not supported");
        assertHas(errors, "route \"r1\"", "snis", 6, "not supported");
        assertHas(errors, "route \"r1\"", "https_redirect_status_code", 7, "expected one of: 426, 301, 302, 307, 308");
        assertHas(errors, "route \"r1\"", "path_handling", 8, "expected one of: v0, v1; got 'v2'");
        assertHas(errors, "route \"r1\"", "body_buffer_overflow", 9, "expected one of: fail, pass");
        assertHas(errors, "route \"r1\"", "body_buffer_size", 10, "must be between 0");
    }

    @Test
    void nestedRouteMustNotNameItsService() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: s
                  host: s.internal
                  routes:
                  - name: r1
                    service: s
                    paths: [/a]
                """, "route \"r1\"", "service", 7, "must not be set on a route nested under a service");
    }

    @Test
    void conflictingRoutesAreReportedOnTheLaterOne() {
        ConfigError error = onlyError("""
                _format_version: "3.0"
                routes:
                - name: first
                  paths: [/orders]
                services:
                - name: s
                  host: s.internal
                  routes:
                  - name: second
                    paths: [/orders]
                """, "route \"second\"", "", 9, "conflicts with route \"first\" at line 3");
        assertTrue(error.message().length() > "conflicts with route \"first\" at line 3: ".length(), error.message());
    }

    // ---- consumers

    @Test
    void consumerNeedsUsernameOrCustomId() {
        onlyError("""
                _format_version: "3.0"
                consumers:
                - tags: [a]
                """, "consumers[0]", "", 3, "at least one of these fields must be non-empty: 'custom_id', 'username'");
    }

    @Test
    void consumerProblemsAreReported() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  oauth2_credentials:
                  - client_id: x
                  keyauth_credentials:
                  - just-a-string
                - username: alice
                - custom_id: c1
                - custom_id: c1
                keyauth_credentials:
                - consumer: nobody
                  key: k
                """);
        assertEquals(5, errors.size(), errors.toString());
        assertHas(errors, "consumer \"alice\"", "oauth2_credentials", 4, "not supported");
        assertHas(errors, "consumer \"alice\"", "keyauth_credentials[0]", 7, "expected an object, got a string");
        assertHas(errors, "consumer \"alice\"", "username", 8, "duplicate consumer username 'alice'");
        assertHas(errors, "consumer with custom_id \"c1\"", "custom_id", 10, "duplicate consumer custom_id 'c1'");
        assertHas(errors, "keyauth_credentials[0]", "consumer", 12, "no consumer with name or id 'nobody'");
    }

    // ---- upstreams and targets

    @Test
    void upstreamProblemsAreReported() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                upstreams:
                - name: 10.0.0.1
                - slots: 5
                - name: hashed
                  hash_on: header
                  algorithm: round-robin
                  healthchecks: true
                """);
        assertEquals(6, errors.size(), errors.toString());
        assertHas(errors, "upstream \"10.0.0.1\"", "name", 3, "no ip addresses allowed");
        assertHas(errors, "upstreams[1]", "name", 4, "required field missing");
        assertHas(errors, "upstreams[1]", "slots", 4, "must be between 10 and 65536");
        assertHas(errors, "upstream \"hashed\"", "hash_on_header", 5, "required when hash_on is 'header'");
        assertHas(errors, "upstream \"hashed\"", "hash_on", 6, "needs algorithm 'consistent-hashing'");
        assertHas(errors, "upstream \"hashed\"", "healthchecks", 8, "expected an object, got a boolean");
    }

    @Test
    void targetProblemsAreReported() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                upstreams:
                - name: u
                  targets:
                  - target: "bad host"
                  - target: a.internal
                    weight: 70000
                  - target: b.internal:8000
                  - target: b.internal
                targets:
                - target: c.internal
                  upstream: missing
                """);
        assertEquals(4, errors.size(), errors.toString());
        assertHas(errors, "target \"bad host\" of upstream \"u\"", "target", 5, "not a valid hostname or ip address");
        assertHas(errors, "target \"a.internal\" of upstream \"u\"", "weight", 7, "must be between 0 and 65535");
        assertHas(errors, "target \"b.internal\" of upstream \"u\"", "target", 9,
                "duplicate target 'b.internal:8000' of upstream \"u\": already declared at line 8");
        assertHas(errors, "targets[0] (c.internal)", "upstream", 12, "no upstream with name or id 'missing'");
    }

    // ---- plugins

    @Test
    void unknownPluginListsTheKnownOnes() {
        onlyError("""
                _format_version: "3.0"
                plugins:
                - name: no-such-plugin
                  config: {a: 1}
                """, "plugins[0] (no-such-plugin)", "name", 3,
                "unknown plugin 'no-such-plugin'; known plugins: cors, key-auth, rate-limiting, request-termination");
    }

    @Test
    void pluginConfigUnknownFieldNamesItsLine() {
        onlyError("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  config:
                    status_code: 403
                    mesage: no
                """, "plugins[0] (request-termination)", "config.mesage", 6,
                "unknown field 'mesage'; did you mean 'message'?");
    }

    @Test
    void pluginConfigWrongTypeNamesItsLine() {
        onlyError("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  config:
                    message: hi
                    status_code: "403"
                """, "plugins[0] (request-termination)", "config.status_code", 6,
                "expected an integer, got a string (\"403\")");
    }

    @Test
    void configExceptionFromTheRecordNamesItsField() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: s
                  host: s.internal
                  plugins:
                  - name: request-termination
                    config:
                      message: hi
                      status_code: 99
                """, "plugin \"request-termination\" on service \"s\"", "config.status_code", 9,
                "must be between 100 and 599");
    }

    @Test
    void configExceptionOfANestedRecordGetsTheFullPath() {
        onlyError("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  config:
                    limits:
                      minute: -1
                """, "plugins[0] (request-termination)", "config.limits.minute", 6, "must not be negative");
    }

    @Test
    void everyProblemOfOnePluginConfigIsReported() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  config:
                    status_code: 700
                    echo: "true"
                    tags: [a, 5]
                    limits: {minute: 1, weekly: 3}
                    extra: 1
                """);
        assertEquals(5, errors.size(), errors.toString());
        String plugin = "plugins[0] (request-termination)";
        assertHas(errors, plugin, "config.status_code", 5, "must be between 100 and 599");
        assertHas(errors, plugin, "config.echo", 6, "expected a boolean");
        assertHas(errors, plugin, "config.tags[1]", 7, "expected a string, got a number");
        assertHas(errors, plugin, "config.limits.weekly", 8, "unknown field 'weekly'");
        assertHas(errors, plugin, "config.extra", 9, "unknown field 'extra'");
    }

    @Test
    void constructorProblemIsReportedWhenTheRestBinds() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                plugins:
                - name: request-termination
                  config:
                    status_code: 700
                    extra: 1
                """);
        assertEquals(2, errors.size(), errors.toString());
        assertHas(errors, "plugins[0] (request-termination)", "config.extra", 6, "unknown field");
        assertHas(errors, "plugins[0] (request-termination)", "config.status_code", 5, "must be between 100 and 599");
    }

    @Test
    void pluginConfigMustBeAnObject() {
        onlyError("""
                _format_version: "3.0"
                plugins:
                - name: cors
                  config: [a]
                """, "plugins[0] (cors)", "config", 4, "expected an object, got a list");
    }

    @Test
    void samePluginTwiceOnOneScopeIsAnError() {
        onlyError("""
                _format_version: "3.0"
                services:
                - name: s
                  host: s.internal
                  plugins:
                  - name: cors
                plugins:
                - name: cors
                - name: cors
                  service: s
                """, "plugins[1] (cors)", "name", 9,
                "plugin 'cors' is already configured for the same service: see plugin \"cors\" on service \"s\" at line 6");
    }

    @Test
    void nestedPluginMustNotSetAnotherScope() {
        onlyError("""
                _format_version: "3.0"
                routes:
                - name: r1
                  paths: [/a]
                  plugins:
                  - name: cors
                    consumer: alice
                consumers:
                - username: alice
                """, "plugin \"cors\" on route \"r1\"", "consumer", 7, "must not be set on a plugin nested under route \"r1\"");
    }

    @Test
    void pluginReferencesAndOrderingAreChecked() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                plugins:
                - name: cors
                  route: nowhere
                  ordering:
                    before:
                      access: [key-auth, nope]
                      rewrite: [key-auth]
                    around: {}
                  protocols: [http, carrier-pigeon]
                """);
        assertEquals(5, errors.size(), errors.toString());
        String plugin = "plugins[0] (cors)";
        assertHas(errors, plugin, "route", 4, "no route with name or id 'nowhere'");
        assertHas(errors, plugin, "ordering.before.access[1]", 7, "unknown plugin 'nope'");
        assertHas(errors, plugin, "ordering.before.rewrite", 8, "unknown phase 'rewrite'");
        assertHas(errors, plugin, "ordering.around", 9, "expected 'before' or 'after'");
        assertHas(errors, plugin, "protocols[1]", 10, "unknown protocol 'carrier-pigeon'");
    }

    @Test
    void pluginNameIsRequired() {
        onlyError("""
                _format_version: "3.0"
                plugins:
                - config: {}
                """, "plugins[0]", "name", 3, "required field missing");
    }

    // ---- all at once

    @Test
    void allProblemsOfAFileAreReportedInFileOrder() {
        ConfigValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigValidationException.class,
                () -> TestPlugins.loader().parse("""
                        _format_version: "3.0"
                        services:
                        - name: a
                          host: a.internal
                          port: 99999
                        routes:
                        - name: r
                          service: a
                          paths: [x]
                        plugins:
                        - name: nope
                        """, "kong.yaml"));
        List<Integer> lines = e.errors().stream().map(ConfigError::line).toList();
        assertEquals(List.of(5, 9, 11), lines);
        assertTrue(e.getMessage().startsWith("invalid config kong.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("line 9: route \"r\", field 'paths[0]': should start with"), e.getMessage());
    }
}
