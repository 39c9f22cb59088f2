package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.ScriptedUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway does to headers, methods, bodies and paths on their way through: a real gateway between a
 * real client (java.net.http or raw bytes) and real upstreams.
 */
class ProxyHeadersTest {
    private static RecordingUpstream up;
    private static RecordingUpstream other;
    private static ScriptedUpstream scripted;
    /** Reads each request body by its framing and reports how it ended, keyed by path. */
    private static ScriptedUpstream bodyReader;
    private static final Map<String, java.util.concurrent.BlockingQueue<String>> BODY_OUTCOMES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static GatewayFixture gw;

    /** The raw response the scripted upstream sends for a request whose path contains the key. */
    private static final Map<String, String> SCRIPTED_REPLIES = Map.of(
            "/hop", "HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Connection: X-Resp-Secret\r\n"
                    + "X-Resp-Secret: do-not-forward\r\n"
                    + "Keep-Alive: timeout=5, max=100\r\n"
                    + "Proxy-Authenticate: Basic realm=\"up\"\r\n"
                    + "Proxy-Custom: nope\r\n"
                    + "X-End-To-End: kept\r\n"
                    + "Set-Cookie: a=1\r\n"
                    + "Set-Cookie: b=2\r\n"
                    + "X-Multi: one\r\n"
                    + "X-Multi: two\r\n"
                    + "X-Multi: three\r\n"
                    + "Content-Length: 5\r\n"
                    + "\r\n"
                    + "hello",
            "/chunked-trailer", "HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + "Trailer: X-Checksum\r\n"
                    + "\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n",
            "/upgrade-advertised", "HTTP/1.1 200 OK\r\n"
                    + "Upgrade: h2,h2c\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: 5\r\n"
                    + "\r\n"
                    + "hello",
            "/head", "HTTP/1.1 200 OK\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: 1234\r\n"
                    + "\r\n",
            "/304", "HTTP/1.1 304 Not Modified\r\n"
                    + "ETag: \"v1\"\r\n"
                    + "Cache-Control: max-age=60\r\n"
                    + "\r\n",
            "/204", "HTTP/1.1 204 No Content\r\n"
                    + "X-Deleted: yes\r\n"
                    + "\r\n",
            "/order", "HTTP/1.1 200 OK\r\n"
                    + "X-Zebra: 1\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "X-Apple: caf\u00e9\r\n"
                    + "Cache-Control: no-store\r\n"
                    + "X-Middle: 2\r\n"
                    + "Content-Length: 5\r\n"
                    + "\r\n"
                    + "hello");

    @BeforeAll
    static void start() {
        up = RecordingUpstream.start("up");
        other = RecordingUpstream.start("other");
        scripted = ScriptedUpstream.start((socket, head, out) -> {
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            for (var e : SCRIPTED_REPLIES.entrySet()) {
                if (path.endsWith(e.getKey())) {
                    out.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
            }
            out.write("HTTP/1.1 500 Unknown\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        bodyReader = ScriptedUpstream.start((socket, head, out) -> {
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            String outcome = readBody(socket, head);
            outcomes(path).add(outcome);
            if (outcome.startsWith("complete")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            }
        });
        up.respondWith((exchange, r) -> {
            String path = r.rawPath();
            if (path.endsWith("/204")) {
                exchange.getResponseHeaders().add("X-Deleted", "yes");
                exchange.sendResponseHeaders(204, -1);
            } else if (path.endsWith("/304")) {
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                exchange.sendResponseHeaders(304, -1);
            } else if (path.endsWith("/head")) {
                // the JDK server would drop a Content-Length on HEAD: the scripted upstream covers that case
                RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "text/plain"), "0123456789");
            } else {
                RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "text/plain"),
                        r.method() + " " + r.rawPath() + " " + r.body().length);
            }
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: echo
                  url: %s
                  routes:
                  - name: api
                    paths: [/api]
                  - name: preserve
                    paths: [/preserve]
                    preserve_host: true
                  - name: nostrip
                    paths: [/keep]
                    strip_path: false
                - name: other
                  url: %s
                  routes:
                  - name: x
                    paths: [/x]
                - name: scripted
                  url: %s
                  routes:
                  - name: scripted
                    paths: [/scripted]
                - name: bodies
                  url: %s
                  retries: 0
                  routes:
                  - name: bodies
                    paths: [/bodies]
                """.formatted(up.url(), other.url(), scripted.url(), bodyReader.url()));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        up.close();
        other.close();
        scripted.close();
        bodyReader.close();
    }

    private static java.util.concurrent.BlockingQueue<String> outcomes(String path) {
        return BODY_OUTCOMES.computeIfAbsent(path, k -> new java.util.concurrent.LinkedBlockingQueue<>());
    }

    /**
     * How a request body ended at the upstream: "complete:N", "eof:N" (closed early), "reset:N" or "timeout:N"
     * (the connection stayed open without the rest: a bound of 4 s, not a measurement).
     */
    private static String readBody(java.net.Socket socket, String head) throws java.io.IOException {
        socket.setSoTimeout(4_000);
        java.io.InputStream in = socket.getInputStream();
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        long n = 0;
        try {
            if (lower.contains("transfer-encoding: chunked")) {
                while (true) {
                    String size = readLine(in);
                    if (size == null) {
                        return "eof:" + n;
                    }
                    int semi = size.indexOf(';');
                    int len = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (len == 0) {
                        String end = readLine(in);
                        return end == null ? "eof:" + n : "complete:" + n;
                    }
                    byte[] chunk = in.readNBytes(len + 2);
                    n += Math.min(chunk.length, len);
                    if (chunk.length < len + 2) {
                        return "eof:" + n;
                    }
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(lower);
            long declared = m.find() ? Long.parseLong(m.group(1)) : 0;
            byte[] body = in.readNBytes((int) declared);
            n = body.length;
            return (body.length == declared ? "complete:" : "eof:") + n;
        } catch (java.net.SocketTimeoutException e) {
            return "timeout:" + n;
        } catch (java.net.SocketException e) {
            return "reset:" + n;
        }
    }

    private static String readLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString().strip();
            }
            line.append((char) b);
        }
        return null;
    }

    // ---- helpers ----

    /** A unique path under /api, so the upstream's record of it is unambiguous. */
    private static String unique(String prefix) {
        return prefix + "/" + UUID.randomUUID();
    }

    private static RecordingUpstream.Received receivedAt(RecordingUpstream upstream, String rawPath) {
        return upstream.received().stream().filter(r -> r.rawPath().equals(rawPath)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("upstream never saw " + rawPath + "; saw "
                        + upstream.received().stream().map(RecordingUpstream.Received::rawPath).toList()));
    }

    private static RawMessage raw(String request) throws Exception {
        return RawMessage.exchange(gw.port(), request);
    }

    private static List<String> valuesSplit(RecordingUpstream.Received r, String name) {
        List<String> raw = r.headers().get(name);
        if (raw == null) {
            return List.of();
        }
        return raw.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).toList();
    }

    // ---- hop-by-hop ----

    @Test
    void hopByHopRequestHeadersAreNotForwarded() throws Exception {
        String path = unique("/hop");
        RawMessage res = raw("GET /api" + path + " HTTP/1.1\r\n"
                + "Host: gateway.test\r\n"
                + "Connection: close, X-Conn-Named\r\n"
                + "X-Conn-Named: secret\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "TE: trailers\r\n"
                + "Trailer: X-Checksum\r\n"
                + "Upgrade: foo/1\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Proxy-Anything: x\r\n"
                + "X-End-To-End: yes\r\n"
                + "Authorization: Bearer abc\r\n"
                + "\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        for (String name : List.of("X-Conn-Named", "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization",
                "Proxy-Connection", "Proxy-Anything")) {
            assertNull(seen.header(name), name + " must not reach the upstream: " + seen.headers().entrySet());
        }
        // the gateway's own connection to the upstream may say keep-alive, but never repeat the client's tokens
        for (String token : valuesSplit(seen, "Connection")) {
            assertTrue(token.equalsIgnoreCase("keep-alive") || token.equalsIgnoreCase("close"),
                    "unexpected Connection token upstream: " + token);
        }
        assertEquals("yes", seen.header("X-End-To-End"));
        assertEquals("Bearer abc", seen.header("Authorization"));
    }

    @Test
    void responseFieldsKeepTheUpstreamsOrderAndBytes() throws Exception {
        RawMessage res = raw("GET /scripted/order HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        List<String> ours = res.names().stream()
                .filter(n -> List.of("x-zebra", "content-type", "x-apple", "cache-control", "x-middle").contains(n))
                .toList();
        assertEquals(List.of("x-zebra", "content-type", "x-apple", "cache-control", "x-middle"), ours);
        assertEquals("caf\u00e9", res.first("X-Apple")); // obs-text passes as the upstream sent it, byte for byte
        assertEquals("hello", res.rest());
    }

    @Test
    void hopByHopResponseHeadersAreNotForwarded() throws Exception {
        RawMessage res = raw("GET /scripted/hop HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("hello", res.rest());
        for (String name : List.of("X-Resp-Secret", "Keep-Alive", "Proxy-Authenticate", "Proxy-Custom")) {
            assertFalse(res.has(name), name + " must not reach the client: " + res.names());
        }
        for (String value : res.all("Connection")) {
            for (String token : value.split(",")) {
                assertFalse(token.trim().equalsIgnoreCase("X-Resp-Secret"), "Connection repeats upstream token");
            }
        }
        assertEquals("kept", res.first("X-End-To-End"));
        assertEquals(List.of("a=1", "b=2"), res.all("Set-Cookie"));
        assertEquals(List.of("one", "two", "three"),
                res.all("X-Multi").stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                        .toList());
        assertEquals("5", res.first("Content-Length"));
    }

    @Test
    void responseTrailerHeaderIsNotForwardedAndChunkedBodyArrives() throws Exception {
        RawMessage res = raw("GET /scripted/chunked-trailer HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertFalse(res.has("Trailer"), "Trailer is hop-by-hop: " + res.names());
        assertEquals("hello world", res.body());
    }

    /**
     * Apache httpd with mod_http2 (and IIS) advertise HTTP/2 with {@code Upgrade: h2,h2c} on ordinary 200
     * responses. That response still has its body, and the advertisement is hop-by-hop.
     */
    @Test
    void upgradeAdvertisedOnAnOrdinaryResponseKeepsItsBody() throws Exception {
        RawMessage res = raw("GET /scripted/upgrade-advertised HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertFalse(res.has("Upgrade"), "Upgrade is hop-by-hop: " + res.names());
        assertEquals("hello", res.rest());
    }

    /**
     * RFC 9112 section 9.6: a server that receives "close" MUST close the connection after its response. Helidon
     * 4.5.0 announces {@code Connection: close} but keeps reading (helidon-io/helidon#12324, fixed after 4.5.3).
     */
    @Test
    void theConnectionIsClosedWhenTheClientAsks() throws Exception {
        for (String connection : List.of("close", "close, X-Foo", "X-Foo, close")) {
            try (RawMessage.Connection c = new RawMessage.Connection(gw.port())) {
                c.send("GET /api/closing HTTP/1.1\r\nHost: g\r\nConnection: " + connection + "\r\n\r\n");
                RawMessage res = c.read(false);
                assertEquals(200, res.status());
                assertEquals("close", res.first("Connection"), connection);
                c.soTimeout(3000);
                assertTrue(c.closedByServer(), connection);
            }
        }
    }

    // ---- end-to-end headers ----

    @Test
    void endToEndAndMultiValuedRequestHeadersAreForwardedInOrder() throws Exception {
        String path = unique("/multi");
        RawMessage res = raw("GET /api" + path + " HTTP/1.1\r\n"
                + "Host: gateway.test\r\n"
                + "User-Agent: curl/8.0\r\n"
                + "Accept: application/json\r\n"
                + "Cookie: a=1; b=2\r\n"
                + "X-Multi: first\r\n"
                + "X-Multi: second\r\n"
                + "X-Multi: third\r\n"
                + "X-Custom-Casing: Value With  Spaces\r\n"
                + "Connection: close\r\n"
                + "\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertEquals("curl/8.0", seen.header("User-Agent"));
        assertEquals("application/json", seen.header("Accept"));
        assertEquals("a=1; b=2", seen.header("Cookie"));
        assertEquals("Value With  Spaces", seen.header("X-Custom-Casing"));
        assertEquals(List.of("first", "second", "third"), valuesSplit(seen, "X-Multi"));
    }

    @Test
    void noUserAgentIsInventedForTheUpstream() throws Exception {
        String path = unique("/noua");
        RawMessage res = raw("GET /api" + path + " HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertNull(receivedAt(up, path).header("User-Agent"));
    }

    // ---- X-Forwarded-* ----

    private static final String FORGED = "X-Forwarded-For: 1.2.3.4\r\n"
            + "X-Forwarded-Proto: https\r\n"
            + "X-Forwarded-Host: forged.example\r\n"
            + "X-Forwarded-Port: 9999\r\n"
            + "X-Forwarded-Path: /forged\r\n"
            + "X-Forwarded-Prefix: /forged-prefix\r\n"
            + "X-Real-IP: 6.6.6.6\r\n";

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreOverwritten() throws Exception {
        String path = unique("/xff");
        RawMessage res = raw("GET /api" + path + "?q=1 HTTP/1.1\r\n"
                + "Host: Gateway.Test:8443\r\n"
                + FORGED
                + "Connection: close\r\n"
                + "\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertEquals("127.0.0.1", seen.header("X-Forwarded-For"));
        assertEquals(1, seen.headers().get("X-Forwarded-For").size());
        assertEquals("http", seen.header("X-Forwarded-Proto"));
        assertEquals("gateway.test", seen.header("X-Forwarded-Host").toLowerCase(java.util.Locale.ROOT));
        assertEquals(Integer.toString(gw.port()), seen.header("X-Forwarded-Port"));
        assertEquals("/api" + path, seen.header("X-Forwarded-Path"));
        assertEquals("/api", seen.header("X-Forwarded-Prefix"));
        assertEquals("127.0.0.1", seen.header("X-Real-IP"));
    }

    @Test
    void theConnectionHeaderCannotRemoveWhatTheGatewaySets() throws Exception {
        String path = unique("/conn-xff");
        RawMessage res = raw("GET /api" + path + " HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Connection: keep-alive, X-Forwarded-For, X-Real-IP, X-Forwarded-Host, Via\r\n"
                + "X-Forwarded-For: 1.2.3.4\r\n\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertEquals("127.0.0.1", seen.header("X-Forwarded-For"));
        assertEquals("127.0.0.1", seen.header("X-Real-IP"));
        assertEquals("gateway.test", seen.header("X-Forwarded-Host"));
    }

    @Test
    void theWholeMatchedPathIsTheForwardedPrefix() throws Exception {
        String marker = unique("m").substring(1);
        RawMessage res = raw("GET /api?" + marker + " HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        var seen = up.received().stream().filter(r -> marker.equals(r.rawQuery())).findFirst().orElseThrow();
        assertEquals("/", seen.rawPath());
        assertEquals("/api", seen.header("X-Forwarded-Prefix"), "strip_path took the whole path");
    }

    @Test
    void withoutStripPathNoForwardedPrefixIsInvented() throws Exception {
        String path = unique("/keep");
        RawMessage res = raw("GET " + path + " HTTP/1.1\r\nHost: gateway.test\r\n"
                + "X-Forwarded-Prefix: /forged-prefix\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertNull(seen.header("X-Forwarded-Prefix"), "the untrusted client's prefix must go");
    }

    @Test
    void forwardedHeadersFromATrustedPeerAreKeptAndForIsAppended() throws Exception {
        try (RecordingUpstream trustedUp = RecordingUpstream.start("trusted");
             GatewayFixture trusted = GatewayFixture.start("""
                     _format_version: "3.0"
                     services:
                     - name: echo
                       url: %s
                       routes:
                       - name: api
                         paths: [/api]
                     """.formatted(trustedUp.url()), null, List.of("127.0.0.1/32"))) {
            RawMessage res = RawMessage.exchange(trusted.port(), "GET /api/t HTTP/1.1\r\n"
                    + "Host: gateway.test\r\n"
                    + FORGED
                    + "Connection: close\r\n"
                    + "\r\n");
            assertEquals(200, res.status());
            var seen = trustedUp.last();
            assertEquals("1.2.3.4, 127.0.0.1", String.join(", ", seen.headers().get("X-Forwarded-For")));
            assertEquals("https", seen.header("X-Forwarded-Proto"));
            assertEquals("forged.example", seen.header("X-Forwarded-Host"));
            assertEquals("9999", seen.header("X-Forwarded-Port"));
            assertEquals("/forged", seen.header("X-Forwarded-Path"));
            assertEquals("/forged-prefix", seen.header("X-Forwarded-Prefix"));
            assertEquals("6.6.6.6", seen.header("X-Real-IP"));

            // a trusted peer that sent nothing gets the gateway's own values
            RawMessage plain = RawMessage.exchange(trusted.port(),
                    "GET /api/u HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
            assertEquals(200, plain.status());
            var seenPlain = trustedUp.last();
            assertEquals("127.0.0.1", seenPlain.header("X-Forwarded-For"));
            assertEquals("http", seenPlain.header("X-Forwarded-Proto"));
            assertEquals("gateway.test", seenPlain.header("X-Forwarded-Host"));
            assertEquals(Integer.toString(trusted.port()), seenPlain.header("X-Forwarded-Port"));
            assertEquals("/api/u", seenPlain.header("X-Forwarded-Path"));
            assertEquals("/api", seenPlain.header("X-Forwarded-Prefix"));
            assertEquals("127.0.0.1", seenPlain.header("X-Real-IP"));
        }
    }

    // ---- Host ----

    @Test
    void hostIsTheUpstreamsUnlessPreserveHost() throws Exception {
        String path = unique("/host");
        RawMessage res = raw("GET /api" + path + " HTTP/1.1\r\nHost: client.example:8080\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("127.0.0.1:" + up.port(), receivedAt(up, path).header("Host"));

        String preserved = unique("/preserve");
        RawMessage res2 = raw("GET " + preserved + " HTTP/1.1\r\nHost: client.example:8080\r\nConnection: close\r\n\r\n");
        assertEquals(200, res2.status());
        assertEquals("client.example:8080", receivedAt(up, preserved.substring("/preserve".length())).header("Host"));
        assertEquals(1, receivedAt(up, preserved.substring("/preserve".length())).headers().get("Host").size());
    }

    // ---- response headers the gateway adds ----

    @Test
    void proxiedResponsesCarryViaAndLatencies() {
        HttpResponse<String> res = gw.get(unique("/api/via"));
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Via").orElseThrow().contains("portico"), res.headers().map().toString());
        long upstream = Long.parseLong(res.headers().firstValue("X-Portico-Upstream-Latency").orElseThrow());
        long proxy = Long.parseLong(res.headers().firstValue("X-Portico-Proxy-Latency").orElseThrow());
        assertTrue(upstream >= 0 && proxy >= 0);
    }

    @Test
    void noRouteIsA404WithKongsJsonMessage() {
        HttpResponse<String> res = gw.get("/nowhere/at/all");
        assertEquals(404, res.statusCode());
        assertEquals("{\"message\":\"no Route matched with those values\"}", res.body());
        assertTrue(res.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(res.headers().firstValue("Via").isEmpty(), "nothing was proxied");
    }

    // ---- bodiless responses ----

    @Test
    void headKeepsTheUpstreamsContentLengthWithoutABody() throws Exception {
        RawMessage res = raw("HEAD /scripted/head HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("1234", res.first("Content-Length"));
        assertEquals("", res.rest());

        RawMessage viaJdk = raw("HEAD /api/head HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");
        assertEquals(200, viaJdk.status());
        assertEquals("", viaJdk.rest());
    }

    @Test
    void headOnAKeepAliveConnectionLeavesItUsable() throws Exception {
        try (RawMessage.Connection c = new RawMessage.Connection(gw.port())) {
            c.send("HEAD /scripted/head HTTP/1.1\r\nHost: gateway.test\r\n\r\n"
                    + "GET /api/after-head HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
            RawMessage head = c.read(true);
            assertEquals(200, head.status());
            assertEquals("1234", head.first("Content-Length"));
            RawMessage get = c.read(false);
            assertEquals(200, get.status());
            assertEquals("GET /after-head 0", get.body());
        }
    }

    @Test
    void noContentAndNotModifiedPassThrough() throws Exception {
        for (String prefix : List.of("/api", "/scripted")) {
            RawMessage noContent = raw("DELETE " + prefix + "/items/204 HTTP/1.1\r\nHost: gateway.test\r\n"
                    + "Connection: close\r\n\r\n");
            assertEquals(204, noContent.status(), prefix);
            assertEquals("yes", noContent.first("X-Deleted"), prefix);
            assertEquals("", noContent.rest(), prefix);
            assertFalse(noContent.has("Transfer-Encoding"), prefix);

            RawMessage notModified = raw("GET " + prefix + "/items/304 HTTP/1.1\r\nHost: gateway.test\r\n"
                    + "If-None-Match: \"v1\"\r\nConnection: close\r\n\r\n");
            assertEquals(304, notModified.status(), prefix);
            assertEquals("\"v1\"", notModified.first("ETag"), prefix);
            assertEquals("", notModified.rest(), prefix);
            assertFalse(notModified.has("Transfer-Encoding"), prefix);
        }
        // and the connections behind stay healthy
        assertEquals(200, gw.get("/api/after").statusCode());
    }

    // ---- methods and request bodies ----

    @Test
    void methodsAndBodiesArriveIntact() {
        byte[] body = new byte[100_000];
        new java.util.Random(7).nextBytes(body);
        for (String method : List.of("PUT", "PATCH", "POST", "DELETE")) {
            String path = unique("/m");
            HttpResponse<String> res = gw.send(gw.request("/api" + path)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertEquals(200, res.statusCode(), method);
            var seen = receivedAt(up, path);
            assertEquals(method, seen.method());
            assertArrayEquals(body, seen.body(), method);
            assertEquals(Integer.toString(body.length), seen.header("Content-Length"), method);
            assertNull(seen.header("Transfer-Encoding"), method);
        }
        for (String method : List.of("OPTIONS", "DELETE", "GET")) {
            String path = unique("/m");
            HttpResponse<String> res = gw.send(gw.request("/api" + path)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, res.statusCode(), method);
            var seen = receivedAt(up, path);
            assertEquals(method, seen.method());
            assertEquals(0, seen.body().length);
            assertNull(seen.header("Transfer-Encoding"), method);
        }
    }

    @Test
    void chunkedRequestBodyArrivesIntactAndFramedOnce() throws Exception {
        String path = unique("/chunked");
        RawMessage res = raw("POST /api" + path + " HTTP/1.1\r\n"
                + "Host: gateway.test\r\n"
                + "Content-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "5\r\nhello\r\n"
                + "6\r\n world\r\n"
                + "1\r\n!\r\n"
                + "0\r\n\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertEquals("hello world!", seen.bodyText());
        boolean chunked = "chunked".equalsIgnoreCase(seen.header("Transfer-Encoding"));
        boolean length = seen.header("Content-Length") != null;
        assertTrue(chunked ^ length, "exactly one framing upstream: " + seen.headers().entrySet());
        if (length) {
            assertEquals("12", seen.header("Content-Length"));
        }
    }

    @Test
    void contentLengthRequestBodyArrivesWithItsLength() throws Exception {
        String path = unique("/cl");
        RawMessage res = raw("POST /api" + path + " HTTP/1.1\r\n"
                + "Host: gateway.test\r\n"
                + "Content-Length: 11\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "hello world");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertEquals("hello world", seen.bodyText());
        assertEquals("11", seen.header("Content-Length"));
        assertNull(seen.header("Transfer-Encoding"));
    }

    @Test
    void emptyPostKeepsItsZeroLength() throws Exception {
        String path = unique("/empty");
        RawMessage res = raw("POST /api" + path + " HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(200, res.status());
        var seen = receivedAt(up, path);
        assertEquals("0", seen.header("Content-Length"));
        assertEquals(0, seen.body().length);
    }

    @Test
    void keepAliveClientConnectionCarriesSeveralRequestsWithBodies() throws Exception {
        try (RawMessage.Connection c = new RawMessage.Connection(gw.port())) {
            c.send("POST /api/ka1 HTTP/1.1\r\nHost: g\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /api/ka2 HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ndefg\r\n0\r\n\r\n"
                    + "GET /api/ka3 HTTP/1.1\r\nHost: g\r\n\r\n");
            assertEquals("POST /ka1 3", c.read(false).body());
            assertEquals("POST /ka2 4", c.read(false).body());
            assertEquals("GET /ka3 0", c.read(false).body());
        }
    }

    @Test
    void aClientBreakingOffMidUploadNeverReachesTheUpstreamAsComplete() throws Exception {
        String big = "x".repeat(200_000); // beyond the webclient's first-packet buffer: the upstream sees the head
        Map<String, String> uploads = Map.of(
                "/bodies/cut-length", "Content-Length: 100\r\n\r\n0123456789",
                "/bodies/cut-chunked", "Transfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n",
                "/bodies/cut-length-big", "Content-Length: 1000000\r\n\r\n" + big,
                "/bodies/cut-chunked-big", "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n");
        for (var upload : uploads.entrySet()) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.port())) {
                socket.getOutputStream().write(("POST " + upload.getKey() + " HTTP/1.1\r\nHost: g\r\n"
                        + upload.getValue()).getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                Thread.sleep(300); // lets the head and the first bytes travel on; correctness does not depend on it
            } // the client gives up here, mid-body
        }
        // The upstream reports each body within its 4 s bound, or never when the gateway did not even send the
        // head; either way it must never report a complete body.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(6);
        for (String path : uploads.keySet()) {
            String outcome = outcomes(path.substring("/bodies".length()))
                    .poll(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            System.out.println("upload " + path + " ended at the upstream as: " + outcome);
            if (outcome != null) {
                assertFalse(outcome.startsWith("complete"), path + " arrived as " + outcome);
            }
        }
        assertEquals(200, gw.get("/api/after-cut").statusCode());
    }

    /** RFC 9112 section 7.1.1: chunk extensions a recipient does not understand are ignored. */
    @org.junit.jupiter.api.Disabled("Helidon 4.5.0 webserver fails on chunk extensions (Http1Connection.readNextChunk)")
    @Test
    void chunkExtensionsAreIgnored() throws Exception {
        RawMessage res = raw("POST /bodies/ext HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n0\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("complete:5", outcomes("/ext").poll(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void aRequestBodyTheGatewayCannotReadIsA400NotA502() throws Exception {
        RawMessage res = raw("POST /bodies/unreadable HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");
        assertEquals(400, res.status(), res.body());
        assertEquals("{\"message\":\"Bad request\"}", res.body());
        String outcome = outcomes("/unreadable").poll(6, java.util.concurrent.TimeUnit.SECONDS);
        System.out.println("unreadable chunked body ended at the upstream as: " + outcome);
        if (outcome != null) {
            assertFalse(outcome.startsWith("complete"), outcome);
        }
    }

    // ---- raw paths and queries ----

    @Test
    void rawPathAndQueryReachTheUpstreamUnchanged() throws Exception {
        String id = UUID.randomUUID().toString();
        String rawPath = "/" + id + "/a%20b/c+d/%E2%82%AC/%3F%23/x:y@z!$&'()*,=";
        String rawQuery = "q=a+b&q=c%20d&e=%26%3D&empty=&flag&q=x&slash=%2F&pct=%25";
        RawMessage res = raw("GET /api" + rawPath + "?" + rawQuery + " HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status(), res.rest());
        var seen = receivedAt(up, rawPath);
        assertEquals(rawQuery, seen.rawQuery());
    }

    /**
     * Path parameters ({@code ;jsessionid=...}, matrix parameters) are part of the path for a proxy: the upstream
     * client sends the request target exactly as given (Helidon 4.5's webclient stripped them).
     */
    @Test
    void pathParametersReachTheUpstream() throws Exception {
        String id = UUID.randomUUID().toString();
        String rawPath = "/" + id + "/items;jsessionid=ABC123/x;v=1";
        RawMessage res = raw("GET /api" + rawPath + " HTTP/1.1\r\nHost: g\r\n\r\n");
        assertEquals(200, res.status(), res.body());
        receivedAt(up, rawPath);
    }

    @Test
    void semicolonsInTheQueryReachTheUpstream() throws Exception {
        String path = unique("/semi");
        RawMessage res = raw("GET /api" + path + "?a=1;b=2&c=3 HTTP/1.1\r\nHost: g\r\n\r\n");
        assertEquals(200, res.status(), res.body());
        assertEquals("a=1;b=2&c=3", receivedAt(up, path).rawQuery());
    }

    @Test
    void unreservedPercentEncodingsAreDecodedOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        RawMessage res = raw("GET /api/" + id + "/%41%7e%2D HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        receivedAt(up, "/" + id + "/A~-");
    }

    @Test
    void emptyQueryAndQuestionMarkOnly() throws Exception {
        String path = unique("/q");
        RawMessage res = raw("GET /api" + path + "?a=1 HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals("a=1", receivedAt(up, path).rawQuery());
    }

    // ---- path normalization ----

    @Test
    void dotSegmentsAndRepeatedSlashesAreRemovedBeforeRouting() throws Exception {
        String id = UUID.randomUUID().toString();
        RawMessage dots = raw("GET /api/../api/" + id + "/users HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, dots.status());
        receivedAt(up, "/" + id + "/users");

        String id2 = UUID.randomUUID().toString();
        RawMessage slashes = raw("GET //api//" + id2 + "//users HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, slashes.status());
        receivedAt(up, "/" + id2 + "/users");

        // encoded dots are dot segments too: this climbs out of /api and lands on the /x route
        String id3 = UUID.randomUUID().toString();
        RawMessage encoded = raw("GET /api/%2e%2e/x/" + id3 + " HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, encoded.status());
        receivedAt(other, "/" + id3);
        assertTrue(up.received().stream().noneMatch(r -> r.rawPath().contains(id3)), "must not reach /api's service");

        // climbing above the root stays at the root
        RawMessage above = raw("GET /../../api/" + id3 + "/top HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
        assertEquals(200, above.status());
        receivedAt(up, "/" + id3 + "/top");
    }

    @Test
    void encodedSlashIsRefused() throws Exception {
        for (String bad : List.of("/api/a%2Fb", "/api/a%2fb", "/api/%2F..%2F", "/api/a%5cb", "/api/a%00b", "/api/%252e")) {
            RawMessage res = raw("GET " + bad + " HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n");
            assertEquals(400, res.status(), bad);
            assertTrue(res.first("Content-Type") == null || !res.rest().contains("Exception"), bad);
        }
        assertNotNull(gw.get("/api/still-fine"));
        assertEquals(200, gw.get("/api/still-fine").statusCode());
    }
}
