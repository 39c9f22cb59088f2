package io.portico.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import io.portico.runtime.testing.ProxyLoad;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reloads are atomic: client threads keep hammering the proxy (real sockets, real upstreams) while the config is
 * replaced 20 times through POST /config, valid and invalid in turn, and not one request fails or reaches the
 * wrong upstream.
 */
class ReloadUnderLoadTest {

    /** Prefix paths, one service per upstream, default timeouts. */
    private static String variantOne(NamedUpstream alpha, NamedUpstream beta) {
        return """
                _format_version: "3.0"
                services:
                - name: alpha
                  url: %s
                  routes:
                  - name: load
                    paths: [/load]
                - name: beta
                  url: %s
                  routes:
                  - name: beta
                    paths: [/beta]
                """.formatted(alpha.url(), beta.url());
    }

    /**
     * Other names, a regex route, a method condition, a plugin, and other timeouts (so another upstream client):
     * the same requests still reach the same upstreams.
     */
    private static String variantTwo(NamedUpstream alpha, NamedUpstream beta) {
        return """
                _format_version: "3.0"
                services:
                - name: alpha-v2
                  url: %s
                  read_timeout: 30000
                  routes:
                  - name: load-v2
                    paths: ["~/load$"]
                    regex_priority: 10
                - name: beta-v2
                  url: %s
                  routes:
                  - name: beta-v2
                    methods: [GET]
                    paths: [/beta]
                plugins:
                - name: correlation-id
                """.formatted(alpha.url(), beta.url());
    }

    /** Each invalid in its own way: the loader's errors, and a plugin refusing its config at compile time. */
    private static String invalid(int i, NamedUpstream alpha) {
        return switch (i % 3) {
            case 0 -> """
                    _format_version: "3.0"
                    services:
                    - name: alpha
                      url: %s
                      routes:
                      - name: load
                        paths: [load-without-slash]
                    """.formatted(alpha.url());
            case 1 -> """
                    _format_version: "3.0"
                    services:
                    - name: alpha
                      url: %s
                      retries: "many"
                      routes:
                      - name: load
                        paths: [/load]
                    plugins:
                    - name: no-such-plugin
                    """.formatted(alpha.url());
            default -> "_format_version: \"3.0\"\nservices: [ {name: broken\n";
        };
    }

    @Test
    void twentyReloadsUnderLoadFailNoRequest() throws Exception {
        try (NamedUpstream alpha = NamedUpstream.start("alpha");
             NamedUpstream beta = NamedUpstream.start("beta");
             GatewayFixture gw = GatewayFixture.start(variantOne(alpha, beta))) {
            AdminClient admin = new AdminClient(gw.adminPort());
            int valid = 0;
            int refused = 0;
            try (ProxyLoad load = ProxyLoad.start(gw.port(), 4, Map.of("/load", "alpha", "/beta", "beta"))) {
                load.awaitProgress(100);
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> res;
                    if (i % 2 == 0) {
                        String config = (i / 2) % 2 == 0 ? variantTwo(alpha, beta) : variantOne(alpha, beta);
                        res = admin.postConfig(config);
                        assertEquals(201, res.statusCode(), res.body());
                        valid++;
                    } else {
                        String hashBefore = gw.gateway().config().config().hash();
                        res = admin.postConfig(invalid(i, alpha));
                        assertEquals(400, res.statusCode(), res.body());
                        JsonNode body = AdminClient.json(res);
                        assertTrue(body.get("errors").size() >= 1, res.body());
                        assertEquals(hashBefore, gw.gateway().config().config().hash(),
                                "an invalid config changed nothing");
                        refused++;
                    }
                    load.awaitProgress(50); // requests ran on the config just put in force (or kept)
                }
                load.awaitProgress(100);
                load.close();
                System.out.printf("reload under load: %d requests answered through %d reloads (%d valid, %d refused),"
                        + " %d failed%n", load.ok(), valid + refused, valid, refused, load.failed());
                assertEquals(0, load.failed(), "failed requests: " + load.failures());
                assertTrue(load.ok() > 1000, "the load ran: " + load.ok());
            }
            assertEquals(20, valid + refused);
            // The last valid config was variant one: both services on default timeouts.
            assertEquals("load", gw.gateway().config().routes().values().stream()
                    .filter(r -> r.config().paths().contains("/load")).findFirst().orElseThrow().config().name());
            // Ten compiles, two distinct timeout settings: two upstream clients (connection pools), not ten or more.
            assertEquals(2, gw.gateway().config().clients().size());
            assertTrue(alpha.requests() > 0 && beta.requests() > 0);
        }
    }

    @Test
    void reloadReusesTheUpstreamClientOfAService() throws Exception {
        try (NamedUpstream alpha = NamedUpstream.start("alpha");
             NamedUpstream beta = NamedUpstream.start("beta");
             GatewayFixture gw = GatewayFixture.start(variantOne(alpha, beta))) {
            var before = gw.gateway().config().routes().values().iterator().next().service().client();
            assertEquals(201, new AdminClient(gw.adminPort()).postConfig(variantOne(alpha, beta) + """
                    - name: gamma
                      url: http://127.0.0.1:9
                    """).statusCode());
            for (RouteRuntime route : gw.gateway().config().routes().values()) {
                assertTrue(route.service().client() == before, "the same pooled client, kept across the reload");
            }
        }
    }
}
