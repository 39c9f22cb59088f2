package io.portico.runtime.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies far larger than the gateway's heap stream through it: the gateway runs as its own JVM with
 * {@code -Xmx256m} (and exits on an OutOfMemoryError), while a 1 GiB body (system property
 * {@code portico.streaming.bytes}) goes up and comes down, with Content-Length and chunked. Nothing holds a body
 * whole: the client generates and checks bytes on the fly, the upstream counts and checksums them as they arrive.
 */
class StreamingTest {
    private static final long SIZE = Long.getLong("portico.streaming.bytes", 1L << 30);
    /** A prime-sized random block, repeated: a lost, repeated or reordered byte changes the checksum. */
    private static final byte[] PATTERN = new byte[65_521];

    private static HttpServer upstream;
    private static Process gateway;
    private static Path logFile;
    private static int gatewayPort;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    /** What the upstream saw of each upload, by path. */
    private static final Map<String, String> UPLOADS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        new Random(42).nextBytes(PATTERN);
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", StreamingTest::serve);
        upstream.start();

        gatewayPort = freePort();
        Path dir = Files.createTempDirectory("portico-streaming");
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                _format_version: "3.0"
                services:
                - name: bulk
                  url: http://127.0.0.1:%d
                  read_timeout: 60000
                  write_timeout: 60000
                  routes:
                  - name: bulk
                    paths: [/bulk]
                """.formatted(upstream.getAddress().getPort()));
        logFile = dir.resolve("gateway.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                "io.portico.runtime.cli.Main", "run", "-c", config.toString(),
                "--proxy-listen", "127.0.0.1:" + gatewayPort, "--admin-listen", "off"));
        gateway = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        awaitPort(gatewayPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    // ---- the tests ----

    @Test
    void uploadWithContentLength() throws Exception {
        upload("/bulk/upload-length", true);
    }

    @Test
    void uploadChunked() throws Exception {
        upload("/bulk/upload-chunked", false);
    }

    @Test
    void downloadWithContentLength() throws Exception {
        download("/bulk/download?chunked=false", true);
    }

    @Test
    void downloadChunked() throws Exception {
        download("/bulk/download?chunked=true", false);
    }

    private static void upload(String path, boolean withLength) throws Exception {
        long expectedCrc = expectedCrc();
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .timeout(Duration.ofMinutes(10)) // a bound against hanging, not a measurement
                .POST(withLength ? HttpRequest.BodyPublishers.fromPublisher(stream, SIZE) : stream)
                .build();
        long started = System.nanoTime();
        HttpResponse<String> res = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        report("upload " + (withLength ? "Content-Length" : "chunked"), started);
        assertEquals(200, res.statusCode(), res.body());
        String seen = UPLOADS.get(path.substring("/bulk".length()));
        assertEquals("count=" + SIZE + " crc=" + expectedCrc + " framing="
                + (withLength ? "length:" + SIZE : "chunked"), seen);
        assertTrue(gateway.isAlive(), "the gateway died: " + Files.readString(logFile));
    }

    private static void download(String path, boolean withLength) throws Exception {
        long expectedCrc = expectedCrc();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .timeout(Duration.ofMinutes(10))
                .GET()
                .build();
        long started = System.nanoTime();
        HttpResponse<InputStream> res = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        if (withLength) {
            assertEquals(Long.toString(SIZE), res.headers().firstValue("Content-Length").orElse(null));
        } else {
            assertTrue(res.headers().firstValue("Content-Length").isEmpty(), res.headers().map().toString());
        }
        CRC32 crc = new CRC32();
        long count = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = res.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                crc.update(buffer, 0, n);
                count += n;
            }
        }
        report("download " + (withLength ? "Content-Length" : "chunked"), started);
        assertEquals(SIZE, count);
        assertEquals(expectedCrc, crc.getValue());
        assertTrue(gateway.isAlive(), "the gateway died: " + Files.readString(logFile));
    }

    // ---- the upstream: counts and checksums uploads, generates downloads, never holds a body ----

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/upload")) {
                CRC32 crc = new CRC32();
                long count = 0;
                byte[] buffer = new byte[1 << 16];
                try (InputStream in = exchange.getRequestBody()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        crc.update(buffer, 0, n);
                        count += n;
                    }
                }
                String length = exchange.getRequestHeaders().getFirst("Content-Length");
                String te = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
                String framing = length != null && te == null ? "length:" + length
                        : te != null && length == null ? te : "both:" + length + "/" + te;
                UPLOADS.put(path, "count=" + count + " crc=" + crc.getValue() + " framing=" + framing);
                byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } else if (path.startsWith("/download")) {
                boolean chunked = String.valueOf(exchange.getRequestURI().getRawQuery()).contains("chunked=true");
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, chunked ? 0 : SIZE);
                try (OutputStream out = exchange.getResponseBody(); InputStream in = new PatternStream(SIZE)) {
                    in.transferTo(out);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    // ---- helpers ----

    /** SIZE bytes of the repeated pattern, generated as read. */
    private static final class PatternStream extends InputStream {
        private long remaining;
        private int position;

        PatternStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            int b = PATTERN[position] & 0xFF;
            position = (position + 1) % PATTERN.length;
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), PATTERN.length - position);
            System.arraycopy(PATTERN, position, b, off, n);
            position = (position + n) % PATTERN.length;
            remaining -= n;
            return n;
        }
    }

    private static long cachedCrc = -1;

    private static synchronized long expectedCrc() throws IOException {
        if (cachedCrc < 0) {
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = new PatternStream(SIZE)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    crc.update(buffer, 0, n);
                }
            }
            cachedCrc = crc.getValue();
        }
        return cachedCrc;
    }

    private static void report(String what, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("%s of %d bytes took %d ms (%.0f MB/s)%n", what, SIZE, millis,
                SIZE / 1e6 / Math.max(millis, 1) * 1000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the gateway accepts connections (or has died, which fails with its log). */
    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(gateway.isAlive(), "the gateway exited: " + Files.readString(logFile));
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        gateway.destroyForcibly();
        throw new AssertionError("the gateway did not listen within 90 s: " + Files.readString(logFile));
    }
}
