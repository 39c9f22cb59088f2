package io.portico.runtime.plugin;

import io.portico.plugin.PasswordHash;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kong's consumer headers: set by the gateway after authentication, never taken from the client. */
class ConsumerIdentityTest {

    @Test
    void consumerHeadersComeFromTheGatewayOnly() {
        try (RecordingUpstream upstream = RecordingUpstream.start("svc");
             GatewayFixture gw = GatewayFixture.start("""
                     _format_version: "3.0"
                     consumers:
                     - username: alice
                       custom_id: "42"
                     services:
                     - name: svc
                       url: %s
                       routes:
                       - name: authed
                         paths: [/authed]
                         plugins: [{name: header-auth}]
                       - name: open
                         paths: [/open]
                     """.formatted(upstream.url()))) {
            var forged = gw.send(gw.request("/open").header("X-Consumer-Username", "admin")
                    .header("X-Consumer-ID", "0").header("X-Anonymous-Consumer", "false")
                    .header("X-Credential-Identifier", "x").build());
            assertEquals(200, forged.statusCode());
            assertNull(upstream.last().header("X-Consumer-Username"), "a client cannot claim an identity");
            assertNull(upstream.last().header("X-Consumer-ID"));
            assertNull(upstream.last().header("X-Anonymous-Consumer"));
            assertNull(upstream.last().header("X-Credential-Identifier"));

            gw.send(gw.request("/authed").header("X-Test-User", "alice").header("X-Consumer-Username", "admin").build());
            assertEquals("alice", upstream.last().header("X-Consumer-Username"));
            assertEquals("42", upstream.last().header("X-Consumer-Custom-ID"));
            assertEquals("alice", upstream.last().header("X-Credential-Identifier"));
            assertEquals(1, upstream.last().headers().get("X-Consumer-Username").size());
        }
    }

    @Test
    void basicAuthPasswordsAreHashedWhenTheConfigLoads() throws Exception {
        var compiled = new ConfigPipeline(PluginRegistry.bundled()).parse("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  basicauth_credentials:
                  - {username: alice, password: open-sesame}
                basicauth_credentials:
                - {consumer: alice, username: alice2, password: second}
                """, "passwords.yaml");
        String text = compiled.config().consumers().getFirst().credentials().toString();
        assertFalse(text.contains("open-sesame"), text);
        assertFalse(text.contains("second"), text);
        var node = compiled.config().consumers().getFirst().credentials().get("basicauth_credentials").getFirst();
        assertTrue(PasswordHash.matches("open-sesame", node.get("password").asText()));
    }
}
