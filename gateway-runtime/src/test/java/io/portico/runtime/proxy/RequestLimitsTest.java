package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node-level limits on what a client may send ({@link ProxyLimits}), set small for this node: over-long
 * request lines (414) and header sections (431), bodies over the limit (413, also chunked, counted as they
 * stream), clients too slow with their head or body (408, slowloris), idle connections, and the connection cap.
 * Each refusal closes the connection and leaves the upstream without a complete request.
 */
class RequestLimitsTest {
    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 2048;
    private static final int MAX_BODY = 1000;
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(400);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(400);
    private static final Duration KEEPALIVE_TIMEOUT = Duration.ofMillis(600);

    private static WitnessUpstream upstream;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new WitnessUpstream();
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: witness
                  url: %s
                  retries: 0
                  routes:
                  - name: api
                    paths: [/api]
                  - name: answered-by-plugin
                    paths: [/early]
                    plugins:
                    - name: request-termination
                      config: {status_code: 403, message: not here}
                """.formatted(upstream.url()), ProxyLimits.defaults()
                .withMaxRequestLine(MAX_LINE)
                .withMaxHeaderSize(MAX_HEADERS)
                .withMaxBodySize(MAX_BODY)
                .withHeaderTimeout(HEADER_TIMEOUT)
                .withBodyTimeout(BODY_TIMEOUT)
                .withKeepAliveTimeout(KEEPALIVE_TIMEOUT));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private int headsBefore;
    private int completeBefore;
    private int connectionsBefore;

    @BeforeEach
    void count() throws InterruptedException {
        upstream.awaitSettled();
        headsBefore = upstream.heads();
        completeBefore = upstream.complete().size();
        connectionsBefore = upstream.connections();
    }

    // ---- request line: 414 ----

    @Test
    void requestLineAtTheLimitIsServed() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), requestLine(MAX_LINE) + "\r\nHost: gateway.test\r\n\r\n");
        assertEquals(200, res.status());
    }

    @Test
    void requestLineOverTheLimitIs414() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), requestLine(MAX_LINE + 1) + "\r\nHost: gateway.test\r\n\r\n",
                5_000);
        assertRefused(reply, 414, "{\"message\":\"URI too long\"}");
    }

    /** "GET /api/aaa... HTTP/1.1", exactly {@code length} bytes long. */
    private static String requestLine(int length) {
        String start = "GET /api/";
        String end = " HTTP/1.1";
        return start + "a".repeat(length - start.length() - end.length()) + end;
    }

    // ---- headers: 431 ----

    @Test
    void headersUnderTheLimitAreServed() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "GET /api/x HTTP/1.1\r\nHost: gateway.test\r\nX-Big: "
                + "b".repeat(MAX_HEADERS - 200) + "\r\n\r\n");
        assertEquals(200, res.status());
    }

    @Test
    void oneHeaderOverTheLimitIs431() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "GET /api/x HTTP/1.1\r\nHost: gateway.test\r\nX-Big: "
                + "b".repeat(MAX_HEADERS + 10) + "\r\n\r\n", 5_000);
        assertRefused(reply, 431, "{\"message\":\"Request header or cookie too large\"}");
    }

    @Test
    void manySmallHeadersOverTheLimitAre431() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "GET /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "X-Small: value\r\n".repeat(MAX_HEADERS / 10) + "\r\n", 5_000);
        assertRefused(reply, 431, "{\"message\":\"Request header or cookie too large\"}");
    }

    // ---- body: 413 ----

    @Test
    void bodyAtTheLimitIsServed() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Content-Length: " + MAX_BODY + "\r\n\r\n" + "b".repeat(MAX_BODY));
        assertEquals(200, res.status());
        RawMessage chunked = RawMessage.exchange(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunks(MAX_BODY, 100) + "0\r\n\r\n");
        assertEquals(200, chunked.status());
    }

    @Test
    void contentLengthOverTheLimitIs413BeforeAnyByteGoesUpstream() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Content-Length: " + (MAX_BODY + 1) + "\r\n\r\n" + "b".repeat(MAX_BODY + 1), 5_000);
        assertRefused(reply, 413, "{\"message\":\"Payload too large\"}");
    }

    @Test
    void chunkedBodyOverTheLimitInOneChunkIs413BeforeAnyByteGoesUpstream() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunks(MAX_BODY + 1, MAX_BODY + 1) + "0\r\n\r\n", 5_000);
        assertRefused(reply, 413, "{\"message\":\"Payload too large\"}");
    }

    @Test
    void chunkedBodyCrossingTheLimitIs413AndTheUpstreamNeverGetsAWholeRequest() throws Exception {
        // Streamed: the first chunks are on their way upstream when the limit is crossed. The upstream request is
        // then cut off (no last chunk), so the upstream never sees a complete request.
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunks(3 * MAX_BODY, 100) + "0\r\n\r\n", 5_000);
        assertEquals(413, reply.status(), reply.text());
        assertTrue(reply.closed());
        upstream.awaitSettled();
        assertEquals(completeBefore, upstream.complete().size(), "no complete request may reach the upstream");
        assertTrue(upstream.arrivals().stream().skip(headsBefore).allMatch(a -> !a.complete()
                && a.body().length() <= MAX_BODY), "what reached the upstream stays under the limit");
    }

    private static String chunks(int total, int size) {
        StringBuilder s = new StringBuilder();
        for (int left = total; left > 0; left -= size) {
            int n = Math.min(size, left);
            s.append(Integer.toHexString(n)).append("\r\n").append("c".repeat(n)).append("\r\n");
        }
        return s.toString();
    }

    // ---- too slow: 408 ----

    @Test
    void headersTrickledInMoreSlowlyThanTheHeaderTimeoutGet408() throws Exception {
        // A new header line every 100 ms never lets a read wait long: only a deadline on the whole head stops it.
        Drip drip = Drip.start(gw.port(), "GET /api/x HTTP/1.1\r\nHost: gateway.test\r\n", "X-Drip: 1\r\n", 100);
        RawHttp.Reply reply = drip.reply();
        assertRefused(reply, 408, "{\"message\":\"Request timeout\"}");
    }

    @Test
    void anUnfinishedRequestLineGets408() throws Exception {
        Drip drip = Drip.start(gw.port(), "GET /api/x HTT", null, 0);
        assertRefused(drip.reply(), 408, "{\"message\":\"Request timeout\"}");
    }

    @Test
    void aBodyThatStopsGets408AndTheUpstreamNeverGetsAWholeRequest() throws Exception {
        Drip drip = Drip.start(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\n"
                + "0123456789", null, 0);
        RawHttp.Reply reply = drip.reply();
        assertEquals(408, reply.status(), reply.text());
        assertTrue(reply.closed());
        assertTrue(reply.text().endsWith("{\"message\":\"Request timeout\"}"), reply.text());
        upstream.awaitSettled();
        assertEquals(completeBefore, upstream.complete().size(), "no complete request may reach the upstream");
    }

    @Test
    void aChunkedBodyThatStopsGets408() throws Exception {
        Drip drip = Drip.start(gw.port(), "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", null, 0);
        RawHttp.Reply reply = drip.reply();
        assertEquals(408, reply.status(), reply.text());
        assertTrue(reply.closed());
        upstream.awaitSettled();
        assertEquals(completeBefore, upstream.complete().size(), "no complete request may reach the upstream");
    }

    @Test
    void aBodyStoppingAfterTheAnswerStartedOnlyClosesTheConnection() throws Exception {
        // The plugin answers without reading the body; the server then reads the rest of it, which never comes.
        // A 408 now would be a second answer to one request: the connection is only closed.
        Drip drip = Drip.start(gw.port(), "POST /early HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\n"
                + "0123456789", null, 0);
        RawHttp.Reply reply = drip.reply();
        assertEquals(403, reply.status(), reply.text());
        assertTrue(reply.closed(), "the connection must be closed");
        assertFalse(reply.text().contains("408"), reply.text());
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        Drip drip = Drip.start(gw.port(), "", null, 0);
        RawHttp.Reply reply = drip.reply();
        assertTrue(reply.closed());
        assertEquals("", reply.text());
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        try (RawMessage.Connection c = new RawMessage.Connection(gw.port())) {
            c.send("GET /api/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
            assertEquals(200, c.read(false).status());
            c.soTimeout(5_000); // a bound against hanging: the close comes after the keep-alive timeout
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aSlowButSteadyClientIsServed() throws Exception {
        // Each part arrives well within the timeouts: nothing is refused for being split over many reads.
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            for (String part : new String[]{"POST /api/x HTTP/1.1\r\n", "Host: gateway.test\r\n",
                    "Content-Length: 6\r\n\r\n", "abc", "def"}) {
                out.write(part.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(50);
            }
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 200", status);
        }
    }

    @Test
    void pipelinedRequestsAreEachServed() throws Exception {
        // The second request arrives with the first one's bytes: its head deadline starts when it is looked at.
        try (RawMessage.Connection c = new RawMessage.Connection(gw.port())) {
            c.send("POST /api/a HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /api/b HTTP/1.1\r\nHost: gateway.test\r\n\r\n"
                    + "GET /api/c HTTP/1.1\r\nHost: gate");
            assertEquals(200, c.read(false).status());
            assertEquals(200, c.read(false).status());
            c.send("way.test\r\n\r\n");
            assertEquals(200, c.read(false).status());
        }
    }

    // ---- connection cap ----

    @Test
    void connectionsOverTheCapWaitUntilOneCloses() throws Exception {
        try (GatewayFixture capped = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: witness
                  url: %s
                  routes:
                  - name: api
                    paths: [/api]
                """.formatted(upstream.url()), ProxyLimits.defaults().withMaxConnections(2))) {
            String get = "GET /api/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n";
            RawMessage.Connection a = new RawMessage.Connection(capped.port());
            try (RawMessage.Connection b = new RawMessage.Connection(capped.port())) {
                a.send(get);
                assertEquals(200, a.read(false).status());
                b.send(get);
                assertEquals(200, b.read(false).status());
                try (Socket c = new Socket("127.0.0.1", capped.port())) { // the kernel's backlog takes it
                    c.getOutputStream().write(get.getBytes(StandardCharsets.ISO_8859_1));
                    c.setSoTimeout(300); // how long we look, not a measurement: it is never served meanwhile
                    InputStream in = c.getInputStream();
                    assertThrows(SocketTimeoutException.class, in::read, "a third connection is not served");
                    a.close();
                    c.setSoTimeout(5_000);
                    String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                    assertEquals("HTTP/1.1 200", status, "served once a slot is free");
                }
            }
        }
    }

    // ---- helpers ----

    private void assertRefused(RawHttp.Reply reply, int status, String body) throws InterruptedException {
        assertEquals(status, reply.status(), reply.text());
        assertTrue(reply.closed(), "the connection must be closed: " + reply.text());
        assertTrue(reply.text().contains("\r\nConnection: close\r\n"), reply.text());
        assertTrue(reply.text().endsWith("\r\n\r\n" + body), reply.text());
        upstream.awaitSettled();
        assertEquals(headsBefore, upstream.heads(), "nothing may reach the upstream");
        assertEquals(connectionsBefore, upstream.connections(), "the upstream is not even connected to");
    }

    /**
     * A client that sends {@code first}, then {@code unit} every {@code everyMillis} (if given) until the server
     * closes, and collects what comes back.
     */
    record Drip(Socket socket, AtomicBoolean stop) {
        static Drip start(int port, String first, String unit, int everyMillis) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000); // a bound against hanging, not a measurement
            OutputStream out = socket.getOutputStream();
            out.write(first.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicBoolean stop = new AtomicBoolean();
            if (unit != null) {
                Thread.ofVirtual().start(() -> {
                    try {
                        while (!stop.get()) {
                            Thread.sleep(everyMillis);
                            out.write(unit.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the server closed: stop
                    }
                });
            }
            return new Drip(socket, stop);
        }

        RawHttp.Reply reply() throws IOException {
            try (socket) {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                boolean closed;
                try {
                    in.transferTo(got);
                    closed = true;
                } catch (SocketTimeoutException e) {
                    closed = false;
                } catch (SocketException e) {
                    closed = true;
                }
                return new RawHttp.Reply(got.toString(StandardCharsets.ISO_8859_1), closed);
            } finally {
                stop.set(true);
            }
        }
    }
}
