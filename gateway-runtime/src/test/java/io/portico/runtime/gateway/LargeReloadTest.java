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
 * Replacing the config with one of 5,000 routes through POST /config does not stall traffic: the new config is
 * compiled off the request path while requests keep being answered on the old one, then swapped in. The time
 * the reload takes is printed, not asserted (Kong's takes about 10 s and answers 5xx meanwhile).
 */
class LargeReloadTest {
    static final int ROUTES = 5_000;
    static final int SERVICES = 50;

    private static String small(NamedUpstream live) {
        return """
                _format_version: "3.0"
                services:
                - name: live
                  url: %s
                  routes:
                  - name: live
                    paths: [/live]
                """.formatted(live.url());
    }

    /** 50 services of 100 routes each, of all kinds the router indexes, plus the route under load. */
    static String large(NamedUpstream live, NamedUpstream other) {
        StringBuilder y = new StringBuilder("_format_version: \"3.0\"\nservices:\n");
        y.append("- name: live\n  url: ").append(live.url()).append("\n  routes:\n")
                .append("  - name: live\n    paths: [/live]\n");
        int perService = ROUTES / SERVICES;
        for (int s = 0; s < SERVICES; s++) {
            y.append("- name: svc").append(s).append("\n  url: ").append(other.url()).append("/s").append(s)
                    .append("\n  routes:\n");
            for (int r = 0; r < perService; r++) {
                int n = s * perService + r;
                y.append("  - name: r").append(n).append('\n');
                switch (n % 4) {
                    case 0 -> y.append("    paths: [/api/s").append(s).append("/r").append(r).append("]\n");
                    case 1 -> y.append("    hosts: [h").append(n).append(".example.com]\n    paths: [/x]\n");
                    case 2 -> y.append("    paths: [\"~/re/s").append(s).append("/r").append(r).append("/\\\\d+$\"]\n");
                    default -> y.append("    methods: [POST]\n    paths: [/m/s").append(s).append("/r").append(r)
                            .append("]\n    headers:\n      x-version: [\"v").append(n).append("\"]\n");
                }
            }
        }
        return y.toString();
    }

    @Test
    void fiveThousandRouteReloadKeepsTrafficFlowing() throws Exception {
        try (NamedUpstream live = NamedUpstream.start("live");
             NamedUpstream other = NamedUpstream.start("other");
             GatewayFixture gw = GatewayFixture.start(small(live))) {
            AdminClient admin = new AdminClient(gw.adminPort());
            String config = large(live, other);
            HttpResponse<String> res;
            long okBefore;
            long okDuring;
            long millis;
            try (ProxyLoad load = ProxyLoad.start(gw.port(), 4, Map.of("/live", "live"))) {
                load.awaitProgress(200);
                okBefore = load.ok();
                long started = System.nanoTime();
                res = admin.postConfig(config);
                millis = (System.nanoTime() - started) / 1_000_000;
                okDuring = load.ok() - okBefore;
                load.awaitProgress(200);
                load.close();
                assertEquals(0, load.failed(), "failed requests: " + load.failures());
            }
            assertEquals(201, res.statusCode(), res.body().substring(0, Math.min(2000, res.body().length())));
            System.out.printf("5,000-route reload via POST /config: %d ms for %d KiB of YAML (response included);"
                            + " %d requests answered on the old config meanwhile%n",
                    millis, config.length() / 1024, okDuring);
            assertTrue(okDuring > 0, "requests kept succeeding while the config compiled");

            // Once more, warm: the same routes, one more service.
            String again = config + "- name: extra\n  url: " + other.url() + "\n";
            long started = System.nanoTime();
            HttpResponse<String> second = admin.postConfig(again);
            long warmMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(201, second.statusCode());
            System.out.printf("5,000-route reload via POST /config, second time (warm): %d ms%n", warmMillis);

            JsonNode status = AdminClient.json(admin.get("/status"));
            assertEquals(ROUTES + 1, status.get("entities").get("routes").asInt());
            HttpResponse<String> regex = gw.get("/re/s7/r2/42");
            assertEquals(200, regex.statusCode());
            assertEquals("other", regex.body());
            assertEquals("live", gw.get("/live").body());
        }
    }
}
