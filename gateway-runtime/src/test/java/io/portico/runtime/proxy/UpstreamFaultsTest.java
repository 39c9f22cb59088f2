package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.ScriptedUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstreams that refuse, stall, reset, talk nonsense or stop halfway: the client gets Kong's status and message
 * when nothing was sent yet, and a visibly broken response (never a complete-looking one) once it was.
 */
class UpstreamFaultsTest {
    private static final String BAD_GATEWAY = "{\"message\":\"An invalid response was received from the upstream server\"}";
    private static final String TIMEOUT = "{\"message\":\"The upstream server is timing out\"}";

    private static int refusedPort;
    private static ScriptedUpstream scripted;
    private static RecordingUpstream healthy;
    private static GatewayFixture gw;
    /** Released by each test's end, so sleeping scripts never outlive the test. */
    private static volatile CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            refusedPort = s.getLocalPort(); // closed again: nothing listens there
        }
        healthy = RecordingUpstream.start("healthy");
        scripted = ScriptedUpstream.start((socket, head, out) -> {
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            String key = path.substring(path.lastIndexOf('/') + 1);
            switch (key) {
                case "silent" -> release.await(30, TimeUnit.SECONDS);
                case "silent-after-headers" -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    release.await(30, TimeUnit.SECONDS);
                }
                case "silent-mid-body" -> {
                    byte[] head200 = "HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1);
                    out.write(head200);
                    out.write(new byte[100_000]);
                    out.flush();
                    release.await(30, TimeUnit.SECONDS);
                }
                case "close" -> {
                    // says nothing and closes
                }
                case "reset" -> {
                    socket.setSoLinger(true, 0); // RST instead of FIN
                }
                case "garbage" -> out.write("SSH-2.0-OpenSSH_9.6\r\nthis is not http\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                case "bad-status" -> out.write("HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                case "half-head" -> out.write("HTTP/1.1 200 OK\r\nContent-Ty".getBytes(StandardCharsets.ISO_8859_1));
                case "short-length" -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
                            + "0123456789").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                case "short-length-big" -> {
                    // more than the gateway's buffers hold, so the head certainly left before the failure
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.write(new byte[300_000]);
                    out.flush();
                }
                case "short-chunked" -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "a\r\n0123456789\r\n" + "a\r\n01234").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                case "short-chunked-no-last" -> {
                    out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "a\r\n0123456789\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                case "bad-chunk" -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                case "ok" -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.ISO_8859_1));
                default -> out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                upstreams:
                - name: pool.internal
                  targets:
                  - target: "127.0.0.1:%d"
                  - target: "127.0.0.1:%d"
                services:
                - name: refused
                  url: http://127.0.0.1:%d
                  retries: 0
                  routes:
                  - name: refused
                    paths: [/refused]
                - name: refused-with-retries
                  url: http://127.0.0.1:%d
                  retries: 3
                  routes:
                  - name: refused-with-retries
                    paths: [/refused-retries]
                - name: scripted
                  url: http://127.0.0.1:%d
                  read_timeout: 300
                  retries: 0
                  routes:
                  - name: scripted
                    paths: [/s]
                - name: pool
                  host: pool.internal
                  routes:
                  - name: pool
                    paths: [/pool]
                - name: healthy
                  url: %s
                  routes:
                  - name: healthy
                    paths: [/healthy]
                """.formatted(refusedPort, healthy.port(), refusedPort, refusedPort, scripted.port(), healthy.url()));
    }

    @AfterEach
    void releaseSleepers() {
        release.countDown();
        release = new CountDownLatch(1);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        scripted.close();
        healthy.close();
    }

    // ---- helpers ----

    private static void assertGatewayError(HttpResponse<String> res, int status, String body) {
        assertEquals(status, res.statusCode(), res.body());
        assertEquals(body, res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertNoStackTrace(res.body());
    }

    private static void assertNoStackTrace(String text) {
        for (String marker : List.of("Exception", "\tat ", "at io.", "at java.", "Caused by")) {
            assertFalse(text.contains(marker), "leaks internals: " + text);
        }
    }

    private static void assertStillServing() {
        HttpResponse<String> res = gw.get("/healthy/still-here");
        assertEquals(200, res.statusCode());
    }

    /** What a raw client saw of a response it asked for on a keep-alive connection. */
    private record Received(String head, long bodyBytes, String body, boolean closed) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * Sends a keep-alive GET and reads the head, then the body bytes until the server closes or stays quiet for
     * {@code quietMillis} (a bound, not a measurement: a healthy keep-alive response simply ends quiet).
     */
    private static Received rawGet(String path, int quietMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(quietMillis);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: gateway.test\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            try {
                int b;
                while (matched < 4 && (b = in.read()) >= 0) {
                    head.write(b);
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1 : 0;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no response head within " + quietMillis + " ms: " + head);
            } catch (java.net.SocketException e) {
                return new Received(head.toString(StandardCharsets.ISO_8859_1), 0, "", true);
            }
            if (matched < 4) {
                return new Received(head.toString(StandardCharsets.ISO_8859_1), 0, "", true);
            }
            long body = 0;
            ByteArrayOutputStream start = new ByteArrayOutputStream(); // the first bytes, for messages
            boolean closed = false;
            byte[] buffer = new byte[65536];
            Received partial = new Received(head.toString(StandardCharsets.ISO_8859_1), 0, "", false);
            String declared = partial.header("Content-Length");
            long length = declared == null ? -1 : Long.parseLong(declared);
            try {
                int n;
                // a complete fixed-length answer (such as the gateway's own 502) ends here; a short one runs into
                // the close or the quiet bound
                while ((length < 0 || body < length) && (n = in.read(buffer)) >= 0) {
                    body += n;
                    if (start.size() < 1024) {
                        start.write(buffer, 0, Math.min(n, 1024));
                    }
                }
                closed = length < 0 || body < length;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                closed = true;
            }
            return new Received(head.toString(StandardCharsets.ISO_8859_1), body,
                    start.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    /** The client must not be able to take a truncated upstream response for a complete success. */
    private static void assertVisiblyBroken(Received r, String what) {
        if (r.head().isEmpty()) {
            return; // closed without a response at all: visibly broken
        }
        if (r.status() != 200) {
            assertTrue(r.status() >= 500, what + ": " + r.head());
            return;
        }
        String length = r.header("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(String.valueOf(r.header("Transfer-Encoding")));
        assertTrue(length != null || chunked, what + ": a 200 without framing: " + r.head());
        assertTrue(r.closed(), what + ": the connection must be closed after a truncated body");
        if (length != null) {
            assertTrue(r.bodyBytes() < Long.parseLong(length),
                    what + ": got " + r.bodyBytes() + " of " + length + " declared bytes");
        }
        // for chunked, the closed connection without the last chunk is what marks it broken; checked per test
    }

    // ---- nothing sent to the client yet: Kong's status and message ----

    @Test
    void connectionRefusedIs502() {
        assertGatewayError(gw.get("/refused/x"), 502, BAD_GATEWAY);
        assertGatewayError(gw.get("/refused-retries/x"), 502, BAD_GATEWAY);
        assertStillServing();
    }

    @Test
    void noAnswerWithinReadTimeoutIs504() {
        assertGatewayError(gw.get("/s/silent"), 504, TIMEOUT);
        assertStillServing();
    }

    @Test
    void headersThenSilenceIs504() {
        assertGatewayError(gw.get("/s/silent-after-headers"), 504, TIMEOUT);
        assertStillServing();
    }

    @Test
    void silenceMidBodyBreaksTheResponse() throws IOException {
        Received r = rawGet("/s/silent-mid-body", 10_000);
        assertVisiblyBroken(r, "silent mid body");
        assertStillServing();
    }

    @Test
    void closedWithoutAResponseIs502() {
        assertGatewayError(gw.get("/s/close"), 502, BAD_GATEWAY);
        assertStillServing();
    }

    @Test
    void resetWithoutAResponseIs502() {
        assertGatewayError(gw.get("/s/reset"), 502, BAD_GATEWAY);
        assertStillServing();
    }

    @Test
    void garbageInsteadOfAStatusLineIs502() {
        assertGatewayError(gw.get("/s/garbage"), 502, BAD_GATEWAY);
        assertGatewayError(gw.get("/s/bad-status"), 502, BAD_GATEWAY);
        assertGatewayError(gw.get("/s/half-head"), 502, BAD_GATEWAY);
        assertStillServing();
    }

    @Test
    void invalidChunkSizeBeforeAnyBodyIs502() {
        assertGatewayError(gw.get("/s/bad-chunk"), 502, BAD_GATEWAY);
        assertStillServing();
    }

    // ---- the response started: truncation must show ----

    @Test
    void shortContentLengthIsNotPassedOffAsComplete() throws IOException {
        Received r = rawGet("/s/short-length", 10_000);
        assertVisiblyBroken(r, "10 of 1000 bytes");
        assertNoStackTrace(r.head());

        Received big = rawGet("/s/short-length-big", 10_000);
        assertVisiblyBroken(big, "300000 of 1000000 bytes");
        assertEquals(200, big.status(), "a large part already left: the status line must have too");
        assertStillServing();
    }

    @Test
    void shortContentLengthThroughAnHttpClientFails() {
        // java.net.http must not return a complete-looking 200 either
        try {
            HttpResponse<String> res = gw.get("/s/short-length");
            assertTrue(res.statusCode() >= 500, "got " + res.statusCode() + " " + res.body());
            assertNoStackTrace(res.body());
        } catch (java.io.UncheckedIOException expected) {
            // the client noticed the truncation: good
        }
        assertStillServing();
    }

    @Test
    void chunkedResponseCutBeforeTheLastChunkIsNotPassedOffAsComplete() throws IOException {
        for (String key : List.of("short-chunked", "short-chunked-no-last")) {
            Received r = rawGet("/s/" + key, 10_000);
            if (r.head().isEmpty()) {
                continue; // closed without a response: visibly broken
            }
            if (r.status() != 200) {
                assertTrue(r.status() >= 500, key + ": " + r.head());
                continue;
            }
            assertTrue(r.closed(), key + ": the connection must be closed after a cut chunked body");
            if ("chunked".equalsIgnoreCase(String.valueOf(r.header("Transfer-Encoding")))) {
                assertFalse(r.body().endsWith("0\r\n\r\n"), key + ": the last chunk must not be invented: " + r.body());
            } else {
                long declared = Long.parseLong(r.header("Content-Length"));
                assertTrue(r.bodyBytes() < declared, key + ": a complete-looking body: " + r.body());
            }
        }
        assertStillServing();
    }

    // ---- load balancing around a dead target ----

    @Test
    void retriesSkipARefusingTarget() {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> res = gw.get("/pool/r" + i);
            assertEquals(200, res.statusCode(), "request " + i + ": " + res.body());
            assertTrue(res.body().contains("\"upstream\":\"healthy\""), res.body());
        }
    }

    @Test
    void theGatewayKeepsServingAfterManyFaults() throws IOException {
        for (int i = 0; i < 5; i++) {
            gw.get("/s/close");
            gw.get("/s/garbage");
            gw.get("/refused/x");
            rawGet("/s/short-length", 10_000);
        }
        for (int i = 0; i < 10; i++) {
            assertStillServing();
        }
        RawMessage ok = RawMessage.exchange(gw.port(), "GET /s/ok HTTP/1.1\r\nHost: g\r\n\r\n");
        assertEquals(200, ok.status());
        assertEquals("ok", ok.body());
    }
}
