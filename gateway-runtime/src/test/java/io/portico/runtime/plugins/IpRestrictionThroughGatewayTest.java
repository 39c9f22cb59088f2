package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ip-restriction through real gateways, one trusting the test's loopback address as a proxy and one trusting
 * nobody, with Kong's answers (kong/plugins/ip-restriction/handler.lua).
 */
class IpRestrictionThroughGatewayTest {
    static RecordingUpstream upstream;
    static GatewayFixture direct;
    static GatewayFixture behindProxy;

    static final String CONFIG = """
            _format_version: "3.0"
            consumers:
            - username: alice
              keyauth_credentials: [{key: alice-key}]
              plugins:
              - name: ip-restriction
                config: {deny: [203.0.113.0/24]}
            - username: bob
              keyauth_credentials: [{key: bob-key}]
            services:
            - name: svc
              url: %s
              routes:
              - name: allow-local
                paths: [/allow-local]
                plugins:
                - name: ip-restriction
                  config: {allow: [127.0.0.1]}
              - name: deny-local
                paths: [/deny-local]
                plugins:
                - name: ip-restriction
                  config: {deny: [127.0.0.0/8]}
              - name: custom
                paths: [/custom]
                plugins:
                - name: ip-restriction
                  config: {deny: [127.0.0.1, "::1"], status: 401, message: Go away}
              - name: private
                paths: [/private]
                plugins:
                - name: ip-restriction
                  config: {allow: [10.0.0.0/8, "2001:db8::/32"], deny: [10.0.0.66]}
              - name: keyed
                paths: [/keyed]
                plugins: [{name: key-auth}]
            """;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc");
        direct = GatewayFixture.start(CONFIG.formatted(upstream.url()));
        behindProxy = GatewayFixture.start(CONFIG.formatted(upstream.url()), null, List.of("127.0.0.1/32"));
    }

    @AfterAll
    static void stop() {
        direct.close();
        behindProxy.close();
        upstream.close();
    }

    private static HttpResponse<String> get(GatewayFixture gw, String path, String... headers) {
        HttpRequest.Builder builder = gw.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return gw.send(builder.build());
    }

    private static void assertRefused(HttpResponse<String> res, int status, String message) {
        assertEquals(status, res.statusCode(), res.body());
        assertEquals("{\"message\":\"" + message + "\"}", res.body());
    }

    @Test
    void thePeerAddressDecidesWhenNoProxyIsTrusted() {
        assertEquals(200, get(direct, "/allow-local").statusCode());
        // forwarded headers from an untrusted peer are ignored
        assertEquals(200, get(direct, "/allow-local", "X-Real-IP", "10.1.2.3",
                "X-Forwarded-For", "10.1.2.3").statusCode());
        assertRefused(get(direct, "/deny-local", "X-Real-IP", "10.1.2.3", "X-Forwarded-For", "10.1.2.3"),
                403, "IP address not allowed: 127.0.0.1");
        assertRefused(get(direct, "/private", "X-Real-IP", "10.1.2.3"), 403, "IP address not allowed: 127.0.0.1");
    }

    @Test
    void customStatusAndMessage() {
        int before = upstream.received().size();
        assertRefused(get(direct, "/custom"), 401, "Go away");
        assertEquals(before, upstream.received().size(), "nothing reaches the upstream");
    }

    @Test
    void aTrustedProxyForwardsTheClientAddress() {
        assertEquals(200, get(behindProxy, "/private", "X-Real-IP", "10.1.2.3").statusCode());
        // X-Forwarded-For: the last address, the one the trusted proxy saw (realip without recursion)
        assertEquals(200, get(behindProxy, "/private", "X-Forwarded-For", "203.0.113.9, 10.1.2.3").statusCode());
        assertRefused(get(behindProxy, "/private", "X-Forwarded-For", "10.1.2.3, 203.0.113.9"),
                403, "IP address not allowed: 203.0.113.9");
        // the forwarded client is not the loopback peer any more
        assertRefused(get(behindProxy, "/allow-local", "X-Real-IP", "10.1.2.3"),
                403, "IP address not allowed: 10.1.2.3");
        assertEquals(200, get(behindProxy, "/allow-local").statusCode(), "no forwarded address: the peer");
    }

    @Test
    void denyIsCheckedBeforeAllow() {
        assertRefused(get(behindProxy, "/private", "X-Real-IP", "10.0.0.66"), 403, "IP address not allowed: 10.0.0.66");
        assertEquals(200, get(behindProxy, "/private", "X-Real-IP", "10.0.0.67").statusCode());
    }

    @Test
    void ipv6AddressesAndBlocks() {
        assertEquals(200, get(behindProxy, "/private", "X-Real-IP", "2001:db8::5").statusCode());
        assertRefused(get(behindProxy, "/private", "X-Real-IP", "2001:0DB9:0:0:0:0:0:7"),
                403, "IP address not allowed: 2001:db9::7");
        assertRefused(get(behindProxy, "/custom", "X-Real-IP", "::1"), 401, "Go away");
        assertEquals(200, get(behindProxy, "/private", "X-Real-IP", "::ffff:10.9.8.7").statusCode(),
                "an IPv4-mapped address is its IPv4 address");
    }

    @Test
    void anUnreadableForwardedAddressIsRefused() {
        assertRefused(get(behindProxy, "/private", "X-Real-IP", "not-an-address"),
                403, "Cannot identify the client IP address");
        assertRefused(get(behindProxy, "/deny-local", "X-Real-IP", "localhost"),
                403, "Cannot identify the client IP address");
    }

    @Test
    void aConsumerLevelRestrictionAppliesAfterAuthentication() {
        assertRefused(get(behindProxy, "/keyed", "apikey", "alice-key", "X-Real-IP", "203.0.113.20"),
                403, "IP address not allowed: 203.0.113.20");
        assertEquals(200, get(behindProxy, "/keyed", "apikey", "alice-key", "X-Real-IP", "198.51.100.1")
                .statusCode());
        assertEquals(200, get(behindProxy, "/keyed", "apikey", "bob-key", "X-Real-IP", "203.0.113.20")
                .statusCode(), "only alice is restricted");
    }
}
