package io.portico.runtime.gateway;

import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.proxy.TrustedProxies;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Gateway#close()} drains: new connections are refused at once, a request in flight may finish within the
 * drain timeout, and one still running when it ends gets its connection closed, so stopping never hangs.
 */
class DrainTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Gateway start(NamedUpstream upstream, Duration drain) throws Exception {
        PluginRegistry registry = PluginRegistry.bundled();
        CompiledConfig config = new ConfigPipeline(registry).parse("""
                _format_version: "3.0"
                services:
                - name: slow
                  url: %s
                  routes:
                  - name: slow
                    paths: [/slow]
                """.formatted(upstream.url()), "drain.yaml");
        NodeSettings settings = new NodeSettings("127.0.0.1", 0, "127.0.0.1", -1, TrustedProxies.none(), null, null,
                null, null, drain);
        return Gateway.start(settings, registry, config);
    }

    private CompletableFuture<HttpResponse<String>> slowRequest(int port) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestInFlightFinishesWithinTheDrainTimeout() throws Exception {
        try (NamedUpstream upstream = NamedUpstream.start("slow").hold()) {
            Gateway gateway = start(upstream, Duration.ofSeconds(30));
            int port = gateway.proxyPort();
            CompletableFuture<HttpResponse<String>> inFlight = slowRequest(port);
            assertTrue(upstream.awaitHeld(30));

            CompletableFuture<Void> closed = CompletableFuture.runAsync(gateway::close);
            awaitRefused(port);
            assertFalse(closed.isDone(), "close waits for the request in flight");

            upstream.release();
            HttpResponse<String> res = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, res.statusCode());
            assertEquals("slow", res.body());
            closed.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestStillRunningAtTheDrainTimeoutIsCutAndCloseReturns() throws Exception {
        try (NamedUpstream upstream = NamedUpstream.start("stuck").hold()) {
            Gateway gateway = start(upstream, Duration.ofMillis(200));
            CompletableFuture<HttpResponse<String>> inFlight = slowRequest(gateway.proxyPort());
            assertTrue(upstream.awaitHeld(30));

            CompletableFuture.runAsync(gateway::close).get(30, TimeUnit.SECONDS); // the bound is against hanging

            ExecutionException e = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, e.toString());
        }
    }

    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            }
        }
        throw new AssertionError("new connections were still accepted");
    }
}
