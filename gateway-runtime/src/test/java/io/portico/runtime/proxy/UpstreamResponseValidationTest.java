package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RawHttp;
import io.portico.runtime.testing.ScriptedUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream responses are checked with the same rigor as client requests: a response whose framing is ambiguous or
 * invalid (Content-Length with Transfer-Encoding, differing Content-Lengths, an invalid chunk size, a garbled
 * status line, bare LF or CR, obs-fold, ...) is a 502 with Kong's message, and nothing of it (not a header, not a
 * body byte) reaches the client. Each case is a raw upstream answering with exact bytes, through a real gateway.
 */
class UpstreamResponseValidationTest {
    private static final String BAD_GATEWAY = "{\"message\":\"An invalid response was received from the upstream server\"}";
    /** In every invalid response, so a leak of its headers shows. */
    private static final String MARKER = "X-Upstream-Marker: leaked\r\n";
    /** In every invalid response's body, so a leak of its body shows. */
    private static final String SECRET = "upstream-body-secret";

    /** Invalid responses, by the path key that asks for them. */
    private static final Map<String, String> INVALID = new LinkedHashMap<>();

    static {
        INVALID.put("cl-and-te", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: 26\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("cl0-and-te", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: 0\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("te-and-cl", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n"
                + "Content-Length: 20\r\n\r\n14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("two-cl", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: 20\r\nContent-Length: 21\r\n\r\n"
                + SECRET + "!");
        INVALID.put("cl-list", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: 20, 21\r\n\r\n" + SECRET + "!");
        INVALID.put("cl-sign", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: +20\r\n\r\n" + SECRET);
        INVALID.put("cl-hex", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: 0x14\r\n\r\n" + SECRET);
        INVALID.put("cl-negative", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: -1\r\n\r\n" + SECRET);
        INVALID.put("chunk-size-invalid", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "1these-bytes\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("chunk-size-negative", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "-14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("chunk-size-0x", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "0x14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("chunk-size-overflow", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "10000000000000014\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("chunk-size-space", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "14 \r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("chunk-no-crlf", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "3\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("te-gzip", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: gzip\r\n\r\n" + SECRET);
        INVALID.put("te-chunked-gzip", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked, gzip\r\n\r\n"
                + "14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("te-xchunked", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: xchunked\r\n\r\n"
                + "14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("te-identity-chunked", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding: identity\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("te-http10", "HTTP/1.0 200 OK\r\n" + MARKER + "Transfer-Encoding: chunked\r\n\r\n"
                + "14\r\n" + SECRET + "\r\n0\r\n\r\n");
        INVALID.put("status-letters", "HTTP/1.1 2OO OK\r\n" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("status-short", "HTTP/1.1 20 OK\r\n" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("status-range", "HTTP/1.1 999 Odd\r\n" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("status-version", "HTTP/2.0 200 OK\r\n" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("status-lowercase", "http/1.1 200 OK\r\n" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("status-garbage", "ICY 200 OK\r\n" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("bare-lf", "HTTP/1.1 200 OK\n" + MARKER.replace("\r\n", "\n") + "Content-Length: 20\n\n" + SECRET);
        INVALID.put("bare-lf-header", "HTTP/1.1 200 OK\r\n" + MARKER + "Content-Length: 20\n\r\n" + SECRET);
        INVALID.put("bare-cr", "HTTP/1.1 200 OK\r" + MARKER + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("obs-fold", "HTTP/1.1 200 OK\r\n" + MARKER + "X-Folded: first\r\n second\r\n"
                + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("obs-fold-te", "HTTP/1.1 200 OK\r\n" + MARKER + "X-Folded: first\r\n\tTransfer-Encoding: chunked\r\n"
                + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("space-before-colon", "HTTP/1.1 200 OK\r\n" + MARKER + "Transfer-Encoding : chunked\r\n"
                + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("no-colon", "HTTP/1.1 200 OK\r\n" + MARKER + "this line has no colon\r\n"
                + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("nul-in-value", "HTTP/1.1 200 OK\r\n" + MARKER + "X-Bad: a\0b\r\n"
                + "Content-Length: 20\r\n\r\n" + SECRET);
        INVALID.put("switching-protocols", "HTTP/1.1 101 Switching Protocols\r\n" + MARKER + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n\r\n" + SECRET);
        INVALID.put("huge-head", "HTTP/1.1 200 OK\r\n" + MARKER + ("X-Filler: " + "x".repeat(1000) + "\r\n").repeat(70)
                + "Content-Length: 20\r\n\r\n" + SECRET);
    }

    private static final java.util.concurrent.CountDownLatch firstBytesSeen = new java.util.concurrent.CountDownLatch(1);
    private static ScriptedUpstream upstream;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = ScriptedUpstream.start((socket, head, out) -> {
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            String key = path.substring(path.lastIndexOf('/') + 1);
            String reply = switch (key) {
                case "continue-then-ok" -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                        + "Link: </style.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                case "chunked-extensions-trailers" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n6 ; quoted=\"x y\"\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
                case "equal-cl" -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok";
                case "invalid-chunk-later" -> {
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    firstBytesSeen.await(10, TimeUnit.SECONDS); // until the client got them: the status left
                    yield "zz\r\n" + SECRET + "\r\n0\r\n\r\n";
                }
                default -> INVALID.getOrDefault(key, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            };
            out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: scripted
                  url: %s
                  retries: 0
                  routes:
                  - name: scripted
                    paths: [/s]
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        upstream.close();
    }

    static Stream<String> invalidResponses() {
        return INVALID.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidResponses")
    void anInvalidUpstreamResponseIsA502AndNothingOfItIsRelayed(String key) throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "GET /s/" + key + " HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
        assertEquals(502, res.status(), key + ": " + res.rest());
        assertEquals(BAD_GATEWAY, res.rest(), key);
        assertFalse(res.has("X-Upstream-Marker"), key + ": upstream headers leaked: " + res.names());
        assertFalse(res.rest().contains(SECRET), key);
        assertTrue(res.first("Content-Type").startsWith("application/json"), key);
    }

    @Test
    void theGatewayStillServesAfterInvalidResponses() throws Exception {
        for (String key : INVALID.keySet()) {
            RawHttp.exchange(gw.port(), "GET /s/" + key + " HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n", 10_000);
        }
        RawMessage ok = RawMessage.exchange(gw.port(), "GET /s/equal-cl HTTP/1.1\r\nHost: g\r\n\r\n");
        assertEquals(200, ok.status());
        assertEquals("ok", ok.rest());
    }

    // ---- what is valid passes ----

    @Test
    void interimResponsesAreSkipped() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "GET /s/continue-then-ok HTTP/1.1\r\nHost: g\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("ok", res.rest());
        assertFalse(res.has("Link"), "the 103's fields belong to the 103: " + res.names());
    }

    @Test
    void chunkExtensionsAndTrailersAreAcceptedAndTheBodyArrives() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(),
                "GET /s/chunked-extensions-trailers HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("hello world", res.body());
    }

    @Test
    void repeatedEqualContentLengthsAreOneLength() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "GET /s/equal-cl HTTP/1.1\r\nHost: g\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("ok", res.rest());
        assertEquals(1, res.all("Content-Length").size(), res.names().toString());
    }

    /** Once body bytes left, an invalid chunk can only end the response visibly: closed, no last chunk. */
    @Test
    void anInvalidChunkAfterTheFirstBytesCutsTheResponseOff() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(10_000); // a bound against hanging, not a measurement
            socket.getOutputStream().write("GET /s/invalid-chunk-later HTTP/1.1\r\nHost: g\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            int b;
            while (!seen.toString(StandardCharsets.ISO_8859_1).contains("hello") && (b = in.read()) >= 0) {
                seen.write(b);
            }
            String head = seen.toString(StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            firstBytesSeen.countDown();
            boolean closed;
            try {
                closed = in.transferTo(seen) >= 0;
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                closed = true;
            }
            String all = seen.toString(StandardCharsets.ISO_8859_1);
            assertTrue(closed, "the connection must be closed: " + all);
            assertFalse(all.contains(SECRET), all);
            assertFalse(all.endsWith("0\r\n\r\n"), "the last chunk must not be invented: " + all);
        }
    }
}
