package io.portico.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeResources;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.gateway.UpstreamClients;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.proxy.TrustedProxies;
import io.portico.runtime.state.RedisSettings;
import io.portico.runtime.state.StateStores;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.portico.runtime.health.HealthChecksThroughGatewayTest.awaitAddress;
import static io.portico.runtime.testing.UpstreamConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes on one real Redis: a target one node finds dead is avoided by the other. */
class SharedHealthVerdictsTest {
    private Process redis;
    private int redisPort;
    private final List<Gateway> nodes = new ArrayList<>();
    private final NamedUpstream good = NamedUpstream.start("good");
    private final NamedUpstream bad = NamedUpstream.start("bad").status(500);
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startRedis() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            redisPort = s.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", redisPort)) {
                return;
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Gateway::close);
        good.close();
        bad.close();
        redis.destroy();
        redis.waitFor();
    }

    private Gateway node(String yaml) throws Exception {
        PluginRegistry registry = PluginRegistry.load(null);
        NodeResources resources = new NodeResources(new UpstreamClients(),
                StateStores.open(RedisSettings.parse("redis://127.0.0.1:" + redisPort)));
        var config = new ConfigPipeline(registry, resources).parse(yaml, "test.yaml");
        Gateway node = Gateway.start(new NodeSettings("127.0.0.1", 0, "127.0.0.1", 0, TrustedProxies.none(), null,
                null, null), registry, config);
        nodes.add(node);
        return node;
    }

    private int get(Gateway node) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.proxyPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aTargetOneNodeTakesOutIsAvoidedByTheOther() throws Exception {
        String yaml = config("""
                healthchecks:
                  passive:
                    unhealthy: {http_failures: 2}
                    half_open: {cool_down: 600}
                """, List.of(good, bad));
        Gateway a = node(yaml);
        Gateway b = node(yaml);
        AdminClient adminA = new AdminClient(a.adminPort());
        AdminClient adminB = new AdminClient(b.adminPort());
        for (int i = 0; i < 10; i++) {
            get(a);
        }
        assertEquals(2, bad.requests());
        assertEquals("passive", HealthChecksThroughGatewayTest.address(adminA, bad.port()).path("decided_by").asText());

        JsonNode onB = awaitAddress(adminB, bad.port(), x -> x.path("health").asText().equals("UNHEALTHY"),
                "down on the other node");
        assertEquals("cluster", onB.path("decided_by").asText());
        assertTrue(onB.path("reason").asText().contains("HTTP 500"), onB.toString());
        for (int i = 0; i < 10; i++) {
            assertEquals(200, get(b));
        }
        assertEquals(2, bad.requests(), "node b never sent it a request");
    }
}
