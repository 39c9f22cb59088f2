package io.portico.runtime.admin;

import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.proxy.TrustedProxies;
import io.portico.runtime.testing.AdminClient;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No default credentials: an admin API reachable from other hosts needs a token, and a set token is always checked. */
class AdminTokenTest {
    private static final String CONFIG = """
            _format_version: "3.0"
            services:
            - name: s
              url: http://127.0.0.1:9
              routes:
              - name: r
                paths: [/r]
            """;
    private static final String TOKEN = "a-long-random-admin-token-4f1c";

    private static CompiledConfig compiled(PluginRegistry registry) throws Exception {
        return new ConfigPipeline(registry).parse(CONFIG, "token-test.yaml");
    }

    private static NodeSettings settings(String adminHost, String token) {
        return new NodeSettings("127.0.0.1", 0, adminHost, 0, TrustedProxies.none(), null, null, null, token,
                null);
    }

    @Test
    void nonLoopbackAdminWithoutTokenRefusesToStart() throws Exception {
        PluginRegistry registry = PluginRegistry.bundled();
        for (String host : new String[]{"0.0.0.0", "::"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gateway.start(settings(host, null), registry, compiled(registry)).close());
            assertTrue(e.getMessage().contains("admin token"), e.getMessage());
        }
        // A blank token is no token.
        assertThrows(IllegalArgumentException.class,
                () -> Gateway.start(settings("0.0.0.0", "  "), registry, compiled(registry)).close());
    }

    @Test
    void refusalHappensBeforeAnyListenerStarts() throws Exception {
        PluginRegistry registry = PluginRegistry.bundled();
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        NodeSettings s = new NodeSettings("127.0.0.1", port, "0.0.0.0", 0, TrustedProxies.none(), null, null, null);
        assertThrows(IllegalArgumentException.class, () -> Gateway.start(s, registry, compiled(registry)));
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                "the proxy listener was never opened");
    }

    @Test
    void loopbackAdminWithoutTokenIsOpen() throws Exception {
        PluginRegistry registry = PluginRegistry.bundled();
        try (Gateway gateway = Gateway.start(settings("127.0.0.1", null), registry, compiled(registry))) {
            assertEquals(200, new AdminClient(gateway.adminPort()).get("/status").statusCode());
        }
    }

    @Test
    void withATokenEveryCallNeedsIt() throws Exception {
        PluginRegistry registry = PluginRegistry.bundled();
        try (Gateway gateway = Gateway.start(settings("0.0.0.0", TOKEN), registry, compiled(registry))) {
            AdminClient anonymous = new AdminClient(gateway.adminPort());
            for (String path : new String[]{"/", "/status", "/services", "/config", "/no-such-path"}) {
                HttpResponse<String> res = anonymous.get(path);
                assertEquals(401, res.statusCode(), path);
                assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
                assertTrue(AdminClient.json(res).get("message").asText().startsWith("Unauthorized"));
                assertEquals("Bearer realm=\"portico-admin\"", res.headers().firstValue("WWW-Authenticate").orElse(""));
            }
            // A write without the token changes nothing.
            String hash = gateway.config().config().hash();
            assertEquals(401, anonymous.postConfig(CONFIG.replace("/r]", "/other]")).statusCode());
            assertEquals(hash, gateway.config().config().hash());

            assertEquals(401, new AdminClient(gateway.adminPort(), "wrong-token").get("/status").statusCode());
            assertEquals(401, new AdminClient(gateway.adminPort(), TOKEN + "x").get("/status").statusCode());
            assertEquals(401, anonymous.send(anonymous.request("/status")
                    .header("Authorization", "Basic " + TOKEN).GET().build()).statusCode());

            // Authorization: Bearer <token>
            assertEquals(200, new AdminClient(gateway.adminPort(), TOKEN).get("/status").statusCode());
            // Kong-Admin-Token: <token>
            assertEquals(200, anonymous.send(anonymous.request("/services")
                    .header("Kong-Admin-Token", TOKEN).GET().build()).statusCode());
            // ... and an unknown path is then an ordinary 404
            assertEquals(404, new AdminClient(gateway.adminPort(), TOKEN).get("/no-such-path").statusCode());
        }
    }

    @Test
    void settingsNeverPrintTheToken() {
        assertTrue(!settings("0.0.0.0", TOKEN).toString().contains(TOKEN));
    }
}
