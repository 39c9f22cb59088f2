package io.portico.runtime.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstream HTTP/1.1 client on its own, against raw sockets: the exact bytes it sends, how it frames bodies,
 * how strictly it reads responses, and when it reuses, retries or drops a connection.
 */
class Http1ClientTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RawUpstream upstream(Function<RawUpstream.Received, RawUpstream.Reply> responder) throws IOException {
        RawUpstream up = new RawUpstream(responder);
        toClose.add(up);
        return up;
    }

    private Http1Client client() {
        return client(Duration.ofSeconds(60), 10_000);
    }

    private Http1Client client(Duration idleTimeout, int readTimeoutMillis) {
        Http1Client client = new Http1Client(new Http1Client.Settings(Duration.ofSeconds(5),
                Duration.ofMillis(readTimeoutMillis), Duration.ofSeconds(10), true, idleTimeout, 16));
        toClose.add(client);
        return client;
    }

    /** Header fields in order, as name/value pairs. */
    private static RequestFields fields(String... nameValues) {
        return action -> {
            for (int i = 0; i < nameValues.length; i += 2) {
                action.accept(nameValues[i], nameValues[i + 1]);
            }
        };
    }

    private static String bodyOf(UpstreamResponse res) throws IOException {
        try (res; InputStream in = res.body()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static UpstreamResponse get(Http1Client client, RawUpstream up, String path) throws IOException {
        return client.send(up.key(), "GET", path, fields("Host", "up"), -1, null);
    }

    // ---- what is sent ----

    @Test
    void theRequestIsSentExactlyAsGiven() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        assertEquals("ok", bodyOf(client.send(up.key(), "GET", "/a;jsessionid=1/b%20c;v=2?q=a+b&x=%2F&flag", fields(
                "Host", "example.test", "X-Multi", "one", "X-Multi", "two", "x-lower-case", "Value  With  Spaces"),
                -1, null)));
        assertEquals("GET /a;jsessionid=1/b%20c;v=2?q=a+b&x=%2F&flag HTTP/1.1\r\n"
                + "Host: example.test\r\n"
                + "X-Multi: one\r\n"
                + "X-Multi: two\r\n"
                + "x-lower-case: Value  With  Spaces\r\n"
                + "\r\n", up.last().head(), "nothing added: no Content-Length: 0, User-Agent, Connection");
    }

    @Test
    void aBodyOfKnownLengthGoesWithItsContentLength() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        bodyOf(client.send(up.key(), "POST", "/p", fields("Host", "up", "Content-Length", "11"), 11,
                out -> out.write("hello world".getBytes(StandardCharsets.ISO_8859_1))));
        RawUpstream.Received r = up.last();
        assertEquals("POST /p HTTP/1.1\r\nHost: up\r\nContent-Length: 11\r\n\r\n", r.head());
        assertEquals("hello world", r.rawBody());
    }

    @Test
    void anEmptyBodyWithContentLengthZeroIsKept() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        bodyOf(client().send(up.key(), "POST", "/p", fields("Host", "up", "Content-Length", "0"), 0, null));
        assertEquals("POST /p HTTP/1.1\r\nHost: up\r\nContent-Length: 0\r\n\r\n", up.last().head());
    }

    @Test
    void aBodyOfUnknownLengthIsChunkedOneChunkPerWrite() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        bodyOf(client().send(up.key(), "PUT", "/p", fields("Host", "up"), -1, out -> {
            out.write("hel".getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[0]);
            out.write("lo world".getBytes(StandardCharsets.ISO_8859_1));
        }));
        RawUpstream.Received r = up.last();
        assertEquals("PUT /p HTTP/1.1\r\nHost: up\r\nTransfer-Encoding: chunked\r\n\r\n", r.head());
        assertEquals("3\r\nhel\r\n8\r\nlo world\r\n0\r\n\r\n", r.rawBody());
    }

    @Test
    void aBodyLongerThanItsContentLengthIsRefusedAndTheConnectionDropped() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        IOException e = assertThrows(IOException.class, () -> client.send(up.key(), "POST", "/p",
                fields("Host", "up", "Content-Length", "3"), 3, out -> out.write(new byte[5])));
        assertTrue(e.getMessage().contains("longer"), e.getMessage());
        assertEquals(0, client.idleConnections());
    }

    @Test
    void aBodyShorterThanItsContentLengthFailsAndTheConnectionIsClosed() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        assertThrows(IOException.class, () -> client.send(up.key(), "POST", "/p",
                fields("Host", "up", "Content-Length", "10"), 10, out -> out.write(new byte[4])));
        up.awaitConnectionEnd(); // the upstream saw its body end early (or no request): never a complete one
        assertTrue(up.received().stream().noneMatch(RawUpstream.Received::bodyComplete), up.received().toString());
        assertEquals(0, client.idleConnections());
    }

    /** Helidon's webclient kept (leaked) the connection when the body writer failed midway. */
    @Test
    void anUploadThatFailsMidwayClosesTheConnectionAndIsNeverComplete() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        byte[] big = new byte[100_000];
        IOException e = assertThrows(IOException.class, () -> client.send(up.key(), "POST", "/p",
                fields("Host", "up"), -1, out -> {
                    out.write(big);
                    throw new IOException("the client went away");
                }));
        assertEquals("the client went away", e.getMessage());
        up.awaitConnectionEnd();
        assertTrue(up.received().stream().noneMatch(RawUpstream.Received::bodyComplete),
                "no last chunk may be sent for a broken body: " + up.received());
        assertEquals(0, client.idleConnections());
        assertEquals("ok", bodyOf(get(client, up, "/after")));
        assertEquals(2, up.connections());
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Bad\r\nInjected: yes", "X Space", "", "X:Colon"})
    void headerNamesThatAreNotTokensAreRefusedBeforeSending(String name) throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        assertThrows(IllegalArgumentException.class,
                () -> client().send(up.key(), "GET", "/", fields("Host", "up", name, "v"), -1, null));
        assertEquals(0, up.connections());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: yes", "a\nb", "a\rb", "a\0b"})
    void headerValuesThatWouldSplitAFieldAreRefusedBeforeSending(String value) throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        assertThrows(IllegalArgumentException.class,
                () -> client().send(up.key(), "GET", "/", fields("Host", "up", "X-Value", value), -1, null));
        assertEquals(0, up.connections());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b", "/a\r\nX: y", "/\u00e9", ""})
    void invalidRequestTargetsAreRefusedBeforeSending(String target) throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        assertThrows(IllegalArgumentException.class,
                () -> client().send(up.key(), "GET", target, fields("Host", "up"), -1, null));
        assertEquals(0, up.connections());
    }

    // ---- what is read ----

    @Test
    void statusAndHeaderFieldsComeAsTheyWereSent() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 201 Created\r\n"
                + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nx-lower: v\r\nX-Spaces:   padded value \t\r\nX-Empty:\r\n"
                + "Content-Length: 0\r\n\r\n"));
        try (UpstreamResponse res = get(client(), up, "/")) {
            assertEquals(201, res.status());
            List<String> seen = new ArrayList<>();
            res.forEachHeader((n, v) -> seen.add(n + "=" + v));
            assertEquals(List.of("Set-Cookie=a=1", "Set-Cookie=b=2", "x-lower=v", "X-Spaces=padded value",
                    "X-Empty=", "Content-Length=0"), seen);
            assertEquals(0, res.contentLength().orElseThrow());
            assertEquals(-1, res.body().read());
        }
    }

    @Test
    void aHeadArrivingInPiecesIsReadAsIfWhole() throws Exception {
        // cut inside a name, right after a colon, inside a value, between CR and LF, and before the empty line
        RawUpstream up = upstream(r -> RawUpstream.Reply.inPieces("HTTP/1.1 200 OK\r\nServer: up\r\nX-Lo",
                "ng-Name:", "  a value \r", "\nContent-Length: 2\r\n", "\r\nok"));
        try (UpstreamResponse res = get(client(), up, "/")) {
            List<String> seen = new ArrayList<>();
            res.forEachHeader((n, v) -> seen.add(n + "=" + v));
            assertEquals(List.of("Server=up", "X-Long-Name=a value", "Content-Length=2"), seen);
            assertEquals("ok", new String(res.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailersIsDecoded() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;a=b\r\nhello\r\n000006 ; q=\"x y\"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"));
        Http1Client client = client();
        UpstreamResponse res = get(client, up, "/");
        assertTrue(res.contentLength().isEmpty());
        assertEquals("hello world0123456789", bodyOf(res));
        assertEquals("hello world0123456789", bodyOf(get(client, up, "/again")));
        assertEquals(1, up.connections(), "a chunked body read to its end leaves the connection reusable");
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + OK));
        UpstreamResponse res = get(client(), up, "/");
        assertEquals(200, res.status());
        assertEquals(null, res.header("Link"));
        assertEquals("ok", bodyOf(res));
    }

    @Test
    void headAnswersHaveNoBodyButKeepTheirLength() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(r.head().startsWith("HEAD")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n" : OK));
        Http1Client client = client();
        UpstreamResponse head = client.send(up.key(), "HEAD", "/", fields("Host", "up"), -1, null);
        assertEquals(1234, head.contentLength().orElseThrow());
        assertEquals("", bodyOf(head));
        assertEquals("ok", bodyOf(get(client, up, "/after")));
        assertEquals(1, up.connections(), "nothing was left unread: the connection is reused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n",
            "HTTP/1.1 304 Not Modified\r\nETag: \"v\"\r\nContent-Length: 99\r\n\r\n"})
    void noContentAndNotModifiedHaveNoBody(String reply) throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(r.head().contains("/after") ? OK : reply));
        Http1Client client = client();
        assertEquals("", bodyOf(get(client, up, "/")));
        assertEquals("ok", bodyOf(get(client, up, "/after")));
        assertEquals(1, up.connections());
    }

    @Test
    void aBodyWithoutLengthRunsUntilCloseAndItsConnectionIsNotReused() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.close("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                + "until the end"));
        Http1Client client = client();
        assertEquals("until the end", bodyOf(get(client, up, "/")));
        assertEquals(0, client.idleConnections());
    }

    @Test
    void aTruncatedBodyThrowsAndItsConnectionIsDropped() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.close("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"));
        Http1Client client = client();
        UpstreamResponse res = get(client, up, "/");
        assertThrows(EOFException.class, () -> res.body().readAllBytes());
        res.close();
        assertEquals(0, client.idleConnections());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!",
            "HTTP/1.1 200 OK\r\nContent-Length: 2,3\r\n\r\nok!",
            "HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nX-Fold: a\r\n  b\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\n: no name\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001b\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 O\u0007K\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 099 Low\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 600 High\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok",
            " HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"})
    void anInvalidResponseHeadIsRefused(String reply) throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(reply));
        Http1Client client = client();
        assertThrows(InvalidResponseException.class, () -> get(client, up, "/"));
        assertEquals(0, client.idleConnections());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "1these-bytes", "-2", "0x2", "2 ", " 2", "", "2;ext\u0001", "10000000000000002"})
    void anInvalidChunkSizeFailsTheBody(String size) throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + size + "\r\nok\r\n0\r\n\r\n"));
        Http1Client client = client();
        UpstreamResponse res = get(client, up, "/");
        assertThrows(InvalidResponseException.class, () -> res.body().readAllBytes());
        res.close();
        assertEquals(0, client.idleConnections());
    }

    @Test
    void chunkDataMustEndWithCrlf() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nokX\r\n0\r\n\r\n"));
        UpstreamResponse res = get(client(), up, "/");
        assertThrows(InvalidResponseException.class, () -> res.body().readAllBytes());
        res.close();
    }

    @Test
    void obsFoldInTrailersFailsTheBody() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\nX-T: a\r\n b\r\n\r\n"));
        UpstreamResponse res = get(client(), up, "/");
        assertThrows(InvalidResponseException.class, () -> res.body().readAllBytes());
        res.close();
    }

    @Test
    void chunkSizeSyntax() throws Exception {
        Map<String, Long> valid = Map.of("0", 0L, "a", 10L, "A", 10L, "00000a", 10L, "5;x=1", 5L, "5 ;x", 5L,
                "5\t;x=\"a b\"", 5L, "fffffffffffffff", 0xfffffffffffffffL);
        for (var e : valid.entrySet()) {
            assertEquals(e.getValue(), ResponseBody.Chunked.parseSize(e.getKey()), e.getKey());
        }
        for (String invalid : List.of("", " 5", "5 ", "g", "-1", "+1", "0x1", "1these-bytes", ";x",
                "1000000000000000", "\u0661")) {
            assertThrows(InvalidResponseException.class, () -> ResponseBody.Chunked.parseSize(invalid), invalid);
        }
    }

    @Test
    void aSilentUpstreamTimesOut() throws Exception {
        RawUpstream up = upstream(r -> {
            try {
                Thread.sleep(30_000); // far beyond the 200 ms read timeout; ended with the socket at the test's end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RawUpstream.Reply.close("");
        });
        assertThrows(SocketTimeoutException.class, () -> get(client(Duration.ofSeconds(60), 200), up, "/"));
    }

    @Test
    void anUpstreamSilentMidBodyTimesOutAndTheConnectionIsDropped() throws Exception {
        // the upstream keeps the connection open, waiting for a next request: the body's last 7 bytes never come
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        Http1Client client = client(Duration.ofSeconds(60), 200);
        UpstreamResponse res = get(client, up, "/");
        byte[] buffer = new byte[10];
        assertEquals(3, res.body().read(buffer));
        assertThrows(SocketTimeoutException.class, () -> res.body().read(buffer));
        res.close();
        assertEquals(0, client.idleConnections());
    }

    @Test
    void anUpstreamThatTakesNoBodyTimesOutOnTheWriteTimeout() throws Exception {
        // accepts the connection and never reads: the request body fills the socket buffers, then the write blocks
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Http1Client client = new Http1Client(new Http1Client.Settings(Duration.ofSeconds(5),
                    Duration.ofSeconds(60), Duration.ofMillis(200), true, Duration.ofSeconds(60), 16));
            toClose.add(client);
            long length = 1L << 30;
            byte[] chunk = new byte[1 << 16];
            var e = assertThrows(SocketTimeoutException.class, () -> client.send(
                    new PoolKey(false, "127.0.0.1", s.getLocalPort()), "POST", "/",
                    fields("Host", "x", "Content-Length", Long.toString(length)), length, out -> {
                        for (long sent = 0; sent < length; sent += chunk.length) {
                            out.write(chunk);
                        }
                    }));
            assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
        }
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        UpstreamConnectException e = assertThrows(UpstreamConnectException.class, () -> client().send(
                new PoolKey(false, "127.0.0.1", port), "GET", "/", fields("Host", "x"), -1, null));
        assertFalse(e.timedOut());
    }

    // ---- connection reuse ----

    @Test
    void keepAliveConnectionsAreReused() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        for (int i = 0; i < 5; i++) {
            assertEquals("ok", bodyOf(get(client, up, "/" + i)));
        }
        assertEquals(1, up.connections());
        assertEquals(1, client.idleConnections());
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nConnection: close\r\n"
                + "Content-Length: 2\r\n\r\nok"));
        Http1Client client = client();
        bodyOf(get(client, up, "/1"));
        up.awaitConnectionEnd();
        bodyOf(get(client, up, "/2"));
        assertEquals(2, up.connections());
    }

    @Test
    void http10IsNotReusedWithoutKeepAlive() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Http1Client client = client();
        assertEquals("ok", bodyOf(get(client, up, "/1")));
        assertEquals(0, client.idleConnections());
    }

    @Test
    void aBodyLeftUnreadDropsTheConnection() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
        Http1Client client = client();
        get(client, up, "/1").close();
        assertEquals(0, client.idleConnections());
        bodyOf(get(client, up, "/2"));
        assertEquals(2, up.connections());
    }

    @Test
    void anUpstreamKeepAliveTimeoutOfZeroMeansNoReuse() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=0\r\n"
                + "Content-Length: 2\r\n\r\nok"));
        Http1Client client = client();
        bodyOf(get(client, up, "/1"));
        bodyOf(get(client, up, "/2"));
        assertEquals(2, up.connections());
    }

    @Test
    void anIdleTimeoutOfZeroDisablesReuse() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client(Duration.ZERO, 10_000);
        bodyOf(get(client, up, "/1"));
        bodyOf(get(client, up, "/2"));
        assertEquals(2, up.connections());
        assertEquals(0, client.idleConnections());
    }

    /** The upstream closed a pooled connection while it was idle: a request without a body goes again, once. */
    @Test
    void aRequestOnAConnectionTheUpstreamClosedIsSentAgain() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.close(OK)); // no "Connection: close": it just closes
        Http1Client client = client();
        assertEquals("ok", bodyOf(get(client, up, "/1")));
        up.awaitConnectionEnd();
        assertEquals(1, client.idleConnections(), "the client could not know");
        assertEquals("ok", bodyOf(get(client, up, "/2")));
        assertEquals(2, up.connections());
        assertEquals(List.of("GET /1 HTTP/1.1", "GET /2 HTTP/1.1"),
                up.received().stream().map(r -> r.head().substring(0, r.head().indexOf('\r'))).toList());
    }

    /** A body cannot be sent twice: the pooled connection is checked first, and a closed one is not used. */
    @Test
    void aRequestWithABodyIsNotSentOnAConnectionTheUpstreamClosed() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.close(OK));
        Http1Client client = client();
        bodyOf(get(client, up, "/1"));
        up.awaitConnectionEnd();
        int[] writes = {0};
        assertEquals("ok", bodyOf(client.send(up.key(), "POST", "/2", fields("Host", "up", "Content-Length", "4"), 4,
                out -> {
                    writes[0]++;
                    out.write("body".getBytes(StandardCharsets.ISO_8859_1));
                })));
        assertEquals(1, writes[0]);
        assertEquals("body", up.last().rawBody());
        assertEquals(2, up.connections());
    }

    @Test
    void aPooledConnectionThatSentUnsolicitedBytesIsNotUsed() throws Exception {
        // the upstream answers with one byte too many: the leftover makes the connection unusable
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok!"));
        Http1Client client = client();
        assertEquals("ok", bodyOf(get(client, up, "/1")));
        assertEquals("ok", bodyOf(get(client, up, "/2")));
        assertEquals(2, up.connections());
    }

    @Test
    void closingTheClientClosesItsIdleConnections() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep(OK));
        Http1Client client = client();
        bodyOf(get(client, up, "/1"));
        assertEquals(1, client.idleConnections());
        client.close();
        up.awaitConnectionEnd();
        assertEquals(0, client.idleConnections());
    }

    /** Several requests at once each get a connection; afterwards they are all pooled for reuse. */
    @Test
    void concurrentRequestsUseSeparateConnections() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(4);
        RawUpstream up = upstream(r -> {
            arrived.countDown();
            try {
                arrived.await(); // all four are in flight at once, each on its own connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RawUpstream.Reply.keep(OK);
        });
        Http1Client client = client();
        List<Thread> threads = new ArrayList<>();
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    bodies.add(bodyOf(get(client, up, "/" + n)));
                } catch (IOException e) {
                    bodies.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of("ok", "ok", "ok", "ok"), bodies);
        assertEquals(4, up.connections());
        assertEquals(4, client.idleConnections());
    }

    @Test
    void theResponseBodyStreamRefusesReadsAfterFailing() throws Exception {
        RawUpstream up = upstream(r -> RawUpstream.Reply.keep("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n"));
        UpstreamResponse res = get(client(), up, "/");
        assertInstanceOf(InvalidResponseException.class, assertThrows(IOException.class, () -> res.body().read()));
        assertThrows(IOException.class, () -> res.body().read());
        res.close();
    }
}
