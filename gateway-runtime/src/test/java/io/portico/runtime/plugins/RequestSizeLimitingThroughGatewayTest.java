package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RawHttp;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * request-size-limiting through a real gateway, with Kong's answers (kong/plugins/request-size-limiting): a declared
 * length is checked before anything is read, a chunked body is counted as it streams and never reaches the
 * upstream whole when over the limit.
 */
class RequestSizeLimitingThroughGatewayTest {
    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: kb
                    paths: [/kb]
                    plugins:
                    - name: request-size-limiting
                      config: {allowed_payload_size: 1, size_unit: kilobytes}
                  - name: bytes
                    paths: [/bytes]
                    plugins:
                    - name: request-size-limiting
                      config: {allowed_payload_size: 10, size_unit: bytes}
                  - name: mb
                    paths: [/mb]
                    plugins:
                    - name: request-size-limiting
                      config: {allowed_payload_size: 1}
                  - name: default
                    paths: [/default]
                    plugins: [{name: request-size-limiting}]
                  - name: required
                    paths: [/required]
                    plugins:
                    - name: request-size-limiting
                      config: {allowed_payload_size: 10, size_unit: bytes, require_content_length: true}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static HttpResponse<String> post(String path, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return gw.send(gw.request(path).POST(publisher).build());
    }

    private static void assertTooLarge(HttpResponse<String> res) {
        assertEquals(413, res.statusCode(), res.body());
        assertEquals("{\"message\":\"Request size limit exceeded\"}", res.body());
    }

    @Test
    void aDeclaredLengthIsCheckedAgainstTheUnit() {
        assertEquals(200, post("/kb", new byte[1024], false).statusCode());
        assertEquals(1024, upstream.last().body().length);
        int before = upstream.received().size();
        assertTooLarge(post("/kb", new byte[1025], false));
        assertEquals(before, upstream.received().size(), "nothing reaches the upstream");

        assertEquals(200, post("/bytes", new byte[10], false).statusCode());
        assertTooLarge(post("/bytes", new byte[11], false));
        // megabytes is the default unit: 2^20 bytes
        assertEquals(200, post("/mb", new byte[1 << 20], false).statusCode());
        assertTooLarge(post("/mb", new byte[(1 << 20) + 1], false));
        // the default is 128 megabytes
        assertEquals(200, post("/default", new byte[2 << 20], false).statusCode());
    }

    @Test
    void aChunkedBodyIsCountedAsItStreams() {
        assertEquals(200, post("/kb", new byte[1024], true).statusCode());
        assertEquals(1024, upstream.last().body().length, "a body within the limit streams through whole");
        int before = upstream.received().size();
        HttpResponse<String> res = post("/kb", new byte[64 * 1024], true);
        assertTooLarge(res);
        assertEquals("close", res.headers().firstValue("Connection").orElse(""),
                "the unread rest of the body cannot be trusted to start a request");
        assertEquals(before, upstream.received().size(), "the upstream never got a complete body");
    }

    @Test
    void aChunkedBodyOverTheLimitOnTheWireIsRefused() throws IOException {
        int before = upstream.received().size();
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "POST /bytes HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 2000);
        assertEquals(413, reply.status(), reply.text());
        assertTrue(reply.text().endsWith("{\"message\":\"Request size limit exceeded\"}"), reply.text());
        assertEquals(before, upstream.received().size());

        reply = RawHttp.exchange(gw.port(), "POST /bytes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 2000);
        assertEquals(200, reply.status(), reply.text());
        assertEquals("helloworld", upstream.last().bodyText());
    }

    @Test
    void aClientWaitingFor100ContinueGets417() throws IOException {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "POST /bytes HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 11\r\nExpect: 100-continue\r\n\r\n", 2000);
        assertEquals(417, reply.status(), reply.text());
        assertTrue(reply.text().endsWith("{\"message\":\"Request size limit exceeded\"}"), reply.text());
    }

    @Test
    void requireContentLength() throws IOException {
        RawHttp.Reply reply = RawHttp.exchange(gw.port(), "GET /required HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n", 2000);
        assertEquals(411, reply.status(), reply.text());
        assertTrue(reply.text().endsWith("{\"message\":\"A valid Content-Length header is required\"}"),
                reply.text());
        assertEquals(200, post("/required", new byte[10], false).statusCode());
        assertEquals(200, post("/required", new byte[10], true).statusCode(), "chunked is let through, as Kong");
        assertTooLarge(post("/required", new byte[11], true));
        assertEquals(200, gw.get("/kb").statusCode(), "without require_content_length a GET passes");
    }

    @Test
    void badConfigNamesTheField() {
        ConfigProblems.assertRefused("request-size-limiting", "{size_unit: gigabytes}", "size_unit",
                "megabytes, kilobytes, bytes");
        ConfigProblems.assertRefused("request-size-limiting", "{allowed_payload_size: -1}", "allowed_payload_size");
        ConfigProblems.assertRefused("request-size-limiting", "{allowed_payload_size: \"5\"}",
                "allowed_payload_size", "integer");
    }
}
