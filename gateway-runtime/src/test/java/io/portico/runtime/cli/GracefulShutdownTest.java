package io.portico.runtime.cli;

import io.portico.runtime.testing.GatewayProcess;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM stops a node gracefully: it stops accepting connections at once, lets the requests in flight finish
 * (up to the drain timeout), and exits with 0. The node runs as its own JVM ({@code portico run}), and
 * {@link Process#destroy()} sends it SIGTERM. (What happens to a request still running when the drain timeout
 * ends is tested in-process: {@code io.portico.runtime.gateway.DrainTest}.)
 */
class GracefulShutdownTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private GatewayProcess node;

    @AfterEach
    void stopNode() throws Exception {
        if (node != null && node.process().isAlive()) {
            node.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int startNode(Path dir, String upstreamUrl, String drainTimeout) throws Exception {
        node = GatewayProcess.start(dir, """
                _format_version: "3.0"
                services:
                - name: slow
                  url: %s
                  routes:
                  - name: slow
                    paths: [/slow]
                """.formatted(upstreamUrl), "--admin-listen", "off", "--drain-timeout", drainTimeout);
        return node.proxyPort();
    }

    @Test
    void sigtermFinishesTheRequestInFlightRefusesNewConnectionsAndExitsZero(@TempDir Path dir) throws Exception {
        try (NamedUpstream upstream = NamedUpstream.start("slow-upstream").hold()) {
            int port = startNode(dir, upstream.url(), "30s");
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/slow")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(upstream.awaitHeld(30), "the request reached the upstream");

            node.process().destroy(); // SIGTERM

            awaitRefused(port);
            assertFalse(inFlight.isDone(), "still held by the upstream");
            assertTrue(node.process().isAlive(), "the node waits for the request in flight");

            upstream.release();
            HttpResponse<String> res = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, res.statusCode());
            assertEquals("slow-upstream", res.body());

            assertTrue(node.process().waitFor(30, TimeUnit.SECONDS), "the node exited");
            assertEquals(0, node.process().exitValue(), node.output());
            String output = node.output();
            assertTrue(output.contains("SIGTERM received") && output.contains("stopped"), output);
        }
    }

    /** Waits until connecting is refused (the listening socket is closed); 30 s bound against hanging. */
    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("new connections were still accepted");
    }
}
