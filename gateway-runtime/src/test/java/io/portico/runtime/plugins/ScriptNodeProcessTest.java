package io.portico.runtime.plugins;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JavaScript plugins in a node of its own (a JVM with its own settings): the memory guard with a small heap, and
 * script calls on platform threads ({@code -Dportico.js.threads=platform}).
 */
class ScriptNodeProcessTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private Process node;

    @AfterEach
    void stopNode() throws Exception {
        if (node != null && node.isAlive()) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * What the community engine offers against a script that allocates without bound: with a small heap, the call
     * is cancelled once the heap is nearly full after a collection, that request fails with 500, the node serves on.
     */
    @Test
    void aScriptFillingTheHeapIsCancelledAndTheNodeKeepsServing(@TempDir Path dir) throws Exception {
        int port = startNode(dir, "-Xmx192m", "-XX:+UseSerialGC");
        assertEquals(200, get(port, "/ok").statusCode());
        assertEquals(500, get(port, "/hog").statusCode());
        assertServesOn(port);
        String output = Files.readString(dir.resolve("node.log"));
        assertTrue(output.contains("script hog.js was cancelled in the access phase"), output);
        assertTrue(output.contains("the heap was nearly full"), output);
    }

    @Test
    void scriptCallsCanRunOnPlatformThreadsWithTheSameTimeLimit(@TempDir Path dir) throws Exception {
        int port = startNode(dir, "-Dportico.js.threads=platform");
        assertEquals(200, get(port, "/spin?warm=1").statusCode()); // after a first call the 100 ms limit applies
        assertEquals(500, get(port, "/spin").statusCode());
        assertServesOn(port);
        String output = Files.readString(dir.resolve("node.log"));
        assertTrue(output.contains("script spin.js ran over its time limit of 100 ms"), output);
    }

    private void assertServesOn(int port) throws Exception {
        HttpResponse<String> after = get(port, "/ok");
        assertEquals(200, after.statusCode());
        assertEquals("fine", after.body());
        assertTrue(node.isAlive());
    }

    /** Starts a node with the scripts ok (answers "fine"), hog (fills the heap) and spin (loops, 100 ms limit). */
    private int startNode(Path dir, String... jvmOptions) throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/hog.js"), """
                export const timeout = 10000;
                const kept = [];
                export function access(ex) {
                  while (true) { kept.push(new Array(100000).fill(kept.length)); }
                }
                """);
        Files.writeString(dir.resolve("scripts/spin.js"), """
                export const timeout = 100;
                export function access(ex) {
                  if (ex.request.query('warm') !== null) {
                    return ex.respond(200, 'warm');
                  }
                  while (true) {}
                }
                """);
        Files.writeString(dir.resolve("scripts/ok.js"), "export function access(ex) { ex.respond(200, 'fine'); }\n");
        Path config = dir.resolve("kong.yaml");
        Files.writeString(config, """
                _format_version: "3.0"
                routes:
                - {name: hog, paths: [/hog], plugins: [{name: hog}]}
                - {name: spin, paths: [/spin], plugins: [{name: spin}]}
                - {name: ok, paths: [/ok], plugins: [{name: ok}]}
                """);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.portico.runtime.cli.Main", "run",
                "-c", config.toString(), "--proxy-listen", "127.0.0.1:" + port, "--admin-listen", "off"));
        node = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        awaitListening(port);
        return port;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !node.isAlive()) {
                    throw new AssertionError("the node did not start");
                }
                Thread.sleep(100);
            }
        }
    }
}
