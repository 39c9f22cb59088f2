package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ex.state} on Redis: two nodes with the same {@code --redis} run scripts-examples/daily-quota.js, and a
 * consumer's quota is counted across both (a real redis-server, started on a free port).
 */
class ScriptStateOnRedisTest {
    static Process redis;
    static RecordingUpstream upstream;
    static GatewayFixture nodeA;
    static GatewayFixture nodeB;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitPort(port);
        upstream = RecordingUpstream.start("svc");
        String yaml = """
                _format_version: "3.0"
                consumers:
                - username: bob
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: quota
                    paths: [/quota]
                    plugins:
                    - {name: header-auth}
                    - {name: daily-quota, config: {limit: 3}}
                """.formatted(upstream.url());
        Path examples = Path.of("").toAbsolutePath().getParent().resolve("scripts-examples");
        String url = "redis://127.0.0.1:" + port + "?timeout=1000ms";
        nodeA = GatewayFixture.startWithScripts(yaml, examples, url);
        nodeB = GatewayFixture.startWithScripts(yaml, examples, url);
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        upstream.close();
        redis.destroy();
    }

    @Test
    void aConsumersQuotaIsCountedAcrossNodes() {
        assertEquals(200, bob(nodeA).statusCode());
        assertEquals(200, bob(nodeB).statusCode());
        HttpResponse<String> third = bob(nodeA);
        assertEquals(200, third.statusCode());
        assertEquals("0", third.headers().firstValue("X-Quota-Remaining").orElse(null));
        HttpResponse<String> over = bob(nodeB);
        assertEquals(429, over.statusCode());
        assertEquals("{\"message\":\"Daily quota exceeded\"}", over.body());
    }

    private static HttpResponse<String> bob(GatewayFixture node) {
        return node.send(node.request("/quota").header("X-Test-User", "bob").build());
    }
}
