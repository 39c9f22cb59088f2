package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request smuggling and malformed HTTP/1.1, sent as exact bytes: each is refused with its status, the connection
 * is closed (so nothing after it on the wire can be read as a request), and the upstream sees nothing at all, not
 * even a request head. The set follows Envoy's TestSmuggling and codec regression cases.
 */
class RequestSmugglingTest {
    /** What a smuggler appends: a second request hidden in the first one's body (36 bytes, as in Envoy's test). */
    private static final String SMUGGLED = "GET / HTTP/1.1\r\nHost: disallowed\r\n\r\n";
    private static final String POST = "POST /api/x HTTP/1.1\r\nHost: gateway.test\r\n";
    private static final String GET = "GET /api/x HTTP/1.1\r\nHost: gateway.test\r\n";

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
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private int headsBefore;
    private int connectionsBefore;

    @BeforeEach
    void count() throws InterruptedException {
        upstream.awaitSettled();
        headsBefore = upstream.heads();
        connectionsBefore = upstream.connections();
    }

    static Stream<Arguments> smuggling() {
        return Stream.of(
                // Content-Length with Transfer-Encoding, whatever their order and spacing (Envoy's TestSmuggling)
                Arguments.of("CL 0 with TE chunked", POST
                        + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("CL 36 with TE chunked", POST
                        + "Content-Length: 36\r\nTransfer-Encoding: chunked\r\n\r\n" + SMUGGLED),
                Arguments.of("TE chunked before CL 36", POST
                        + "Transfer-Encoding: chunked\r\nContent-Length: 36\r\n\r\n" + SMUGGLED),
                Arguments.of("TE 'chunked ' (trailing space) with CL 36", POST
                        + "Transfer-Encoding: chunked \r\nContent-Length: 36\r\n\r\n" + SMUGGLED),
                Arguments.of("TE 'chunked ' (trailing space), no CL", POST
                        + "Transfer-Encoding: chunked \r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE 'chunked' followed by a tab, no CL", POST
                        + "Transfer-Encoding: chunked\t\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE 'identity,chunked ' with CL 36", POST
                        + "Transfer-Encoding: identity,chunked \r\nContent-Length: 36\r\n\r\n" + SMUGGLED),
                // Transfer-Encoding that one parser sees and another does not
                Arguments.of("TE hidden behind obs-fold (leading tab)", POST
                        + "X-Padding: x\r\n\tTransfer-Encoding: chunked\r\nContent-Length: 36\r\n\r\n" + SMUGGLED),
                Arguments.of("TE value folded onto the next line", POST
                        + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE split over two field lines (identity, chunked)", POST
                        + "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE split over two field lines (chunked, identity)", POST
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE chunked on two field lines", POST
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("'Transfer-Encoding : chunked' (space before the colon)", POST
                        + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE 'chunked, gzip' (chunked not last)", POST
                        + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE gzip alone (no chunked, no length)", POST + "Transfer-Encoding: gzip\r\n\r\n" + SMUGGLED),
                Arguments.of("TE empty", POST + "Transfer-Encoding: \r\n\r\n" + SMUGGLED),
                // Content-Length that two parsers could read differently
                Arguments.of("two Content-Length fields that differ", POST
                        + "Content-Length: 5\r\nContent-Length: 41\r\n\r\nhello" + SMUGGLED),
                Arguments.of("two Content-Length fields, same value", POST
                        + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("Content-Length list '5, 41'", POST + "Content-Length: 5, 41\r\n\r\nhello" + SMUGGLED),
                Arguments.of("Content-Length +5", POST + "Content-Length: +5\r\n\r\nhello"),
                Arguments.of("Content-Length -1", POST + "Content-Length: -1\r\n\r\nhello"),
                Arguments.of("Content-Length 0x5", POST + "Content-Length: 0x5\r\n\r\nhello"),
                Arguments.of("Content-Length over 2^63", POST + "Content-Length: 99999999999999999999\r\n\r\nhello"),
                // chunked framing
                Arguments.of("invalid chunk size '1these-bytes'", POST
                        + "Transfer-Encoding: chunked\r\n\r\n1these-bytes\r\nx\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("chunk size in 0x notation", POST
                        + "Transfer-Encoding: chunked\r\n\r\n0x1\r\nx\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("chunk size overflowing", POST
                        + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff1\r\nx\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("chunk data longer than its size", POST
                        + "Transfer-Encoding: chunked\r\n\r\n1\r\nxY\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("chunk data not followed by CRLF", POST
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n" + SMUGGLED),
                // line endings and characters a lenient parser would let through
                Arguments.of("bare LF line endings", "GET /api/x HTTP/1.1\nHost: gateway.test\n\n" + SMUGGLED),
                Arguments.of("bare LF ending one header line", GET + "X-A: b\nX-B: c\r\n\r\n" + SMUGGLED),
                Arguments.of("bare CR ending one header line", GET + "X-A: b\rX-B: c\r\n\r\n" + SMUGGLED),
                Arguments.of("bare CR ending the request line", "GET /api/x HTTP/1.1\rHost: gateway.test\r\n\r\n"),
                Arguments.of("CR inside a header value", GET + "X-A: a\rb\r\n\r\n"),
                Arguments.of("LF inside a header value", GET + "X-A: a\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("NUL inside a header value", GET + "X-A: a\0b\r\n\r\n"),
                Arguments.of("other control character inside a header value", GET + "X-A: a\u0001b\r\n\r\n"),
                Arguments.of("DEL inside a header value", GET + "X-A: a\u007fb\r\n\r\n"),
                Arguments.of("header line without a colon", GET + "foo bar\r\n\r\n"),
                Arguments.of("header name with a space", GET + "X A: b\r\n\r\n"),
                Arguments.of("empty header name", GET + ": b\r\n\r\n"),
                Arguments.of("header section starting with whitespace", "GET /api/x HTTP/1.1\r\n Host: gateway.test\r\n\r\n"),
                // request line
                Arguments.of("not HTTP at all", "hello\r\n\r\n"),
                Arguments.of("illegal character in the method", "GE(T /api/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("version HTTP/1.01", "GET /api/x HTTP/1.01\r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("version HTTP/2.0", "GET /api/x HTTP/2.0\r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("lower-case version", "GET /api/x http/1.1\r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("no version", "GET /api/x\r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("two spaces after the method", "GET  /api/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("space after the version", "GET /api/x HTTP/1.1 \r\nHost: gateway.test\r\n\r\n"),
                Arguments.of("tab in the target", "GET /api/x\ty HTTP/1.1\r\nHost: gateway.test\r\n\r\n"),
                // Host
                Arguments.of("no Host on HTTP/1.1", "GET /api/x HTTP/1.1\r\n\r\n"),
                Arguments.of("two Host fields", GET + "Host: evil.test\r\n\r\n"),
                Arguments.of("two identical Host fields", GET + "Host: gateway.test\r\n\r\n"),
                Arguments.of("empty Host", "GET /api/x HTTP/1.1\r\nHost: \r\n\r\n"),
                Arguments.of("Host list", "GET /api/x HTTP/1.1\r\nHost: a.test, b.test\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smuggling")
    void refusedWith400AndClosed(String name, String request) throws Exception {
        assertRefused(request, 400);
    }

    /**
     * A transfer coding Portico does not implement, under chunked and without Content-Length: RFC 9112 section 6.1
     * says 501. (Without chunked last, the length cannot be known at all: that is the 400 above.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownCodings")
    void unknownTransferCodingIs501(String name, String request) throws Exception {
        assertRefused(request, 501);
    }

    static Stream<Arguments> unknownCodings() {
        return Stream.of(
                Arguments.of("TE 'gzip, chunked'", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + SMUGGLED),
                Arguments.of("TE 'identity,chunked'", POST + "Transfer-Encoding: identity,chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("TE 'x-custom, chunked'", POST + "Transfer-Encoding: x-custom, chunked\r\n\r\n0\r\n\r\n"));
    }

    @Test
    void http10Is505() throws Exception {
        assertRefused("GET /api/x HTTP/1.0\r\nHost: gateway.test\r\n\r\n", 505);
    }

    @Test
    void theSmuggledRequestIsNeverAnswered() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), POST
                + "Content-Length: 36\r\nTransfer-Encoding: chunked\r\n\r\n" + SMUGGLED, 5_000);
        assertEquals(1, responses(reply.text()), reply.text());
        assertTrue(reply.closed());
    }

    // ---- what stays accepted: the same framing, written as RFC 9112 allows ----

    @Test
    void validChunkedBodyGoesThrough() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), POST
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEquals(200, res.status());
        upstream.awaitSettled();
        assertEquals("hello world", upstream.arrivals().getLast().body());
        // two-byte chunks, whose data could be mistaken for the CRLF after it
        res = RawMessage.exchange(gw.port(), POST
                + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n2\r\n\r\n\r\n2\r\ncd\r\n0\r\n\r\n");
        assertEquals(200, res.status());
        upstream.awaitSettled();
        assertEquals("ab\r\ncd", upstream.arrivals().getLast().body());
    }

    @Test
    void chunkedInAnyCaseIsChunked() throws Exception {
        // Coding names are case-insensitive (RFC 9112 section 7), and whitespace before a field value is the usual
        // separator. (Whitespace after "chunked" is refused above: the policy accepts exactly "chunked".)
        for (String te : new String[]{" Chunked", " CHUNKED", "\tchunked", "chunked"}) {
            RawMessage res = RawMessage.exchange(gw.port(), POST
                    + "Transfer-Encoding:" + te + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            assertEquals(200, res.status(), te);
            upstream.awaitSettled();
            assertEquals("abc", upstream.arrivals().getLast().body(), te);
        }
    }

    @Test
    void otherFieldsMayEndInWhitespace() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), "GET /api/x HTTP/1.1\r\nHost: gateway.test \r\n"
                + "X-Padded: value \t\r\nContent-Length: 0 \r\n\r\n");
        assertEquals(200, res.status());
    }

    @Test
    void contentLengthWithLeadingZerosIsOneLength() throws Exception {
        RawMessage res = RawMessage.exchange(gw.port(), POST + "Content-Length: 005\r\n\r\nhello");
        assertEquals(200, res.status());
        upstream.awaitSettled();
        assertEquals("hello", upstream.arrivals().getLast().body());
    }

    @Test
    void contentEncodedBodiesPassUntouched() throws Exception {
        // Codings are the upstream's business; Helidon alone would refuse any Content-Encoding with 400.
        RawMessage res = RawMessage.exchange(gw.port(), POST
                + "Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\u001f\u008b\u0008\u0000");
        assertEquals(200, res.status());
        upstream.awaitSettled();
        WitnessUpstream.Arrival arrival = upstream.arrivals().getLast();
        assertTrue(arrival.head().toLowerCase().contains("\r\ncontent-encoding: gzip\r\n"), arrival.head());
        assertEquals("\u001f\u008b\u0008\u0000", arrival.body());
    }

    @Test
    void answersAreInTheGatewaysFormat() throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), POST
                + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", 5_000);
        assertEquals(400, reply.status());
        assertTrue(reply.text().contains("\r\nContent-Type: application/json; charset=utf-8\r\n"), reply.text());
        assertTrue(reply.text().contains("\r\nConnection: close\r\n"), reply.text());
        assertTrue(reply.text().endsWith("\r\n\r\n{\"message\":\"Bad request\"}"), reply.text());
    }

    // ---- helpers ----

    private void assertRefused(String request, int status) throws Exception {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), request, 5_000);
        assertEquals(status, reply.status(), reply.text());
        assertTrue(reply.closed(), "the connection must be closed: " + reply.text());
        assertEquals(1, responses(reply.text()), "one answer only: " + reply.text());
        upstream.awaitSettled();
        assertEquals(headsBefore, upstream.heads(), "nothing may reach the upstream");
        assertEquals(connectionsBefore, upstream.connections(), "the upstream is not even connected to");
    }

    private static int responses(String text) {
        Matcher m = Pattern.compile("(^|\r\n)HTTP/1\\.1 \\d{3} ").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
