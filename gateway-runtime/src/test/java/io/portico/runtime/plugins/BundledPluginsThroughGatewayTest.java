package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled request-termination and correlation-id plugins, through a real gateway and upstream. */
class BundledPluginsThroughGatewayTest {
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
                  - name: default
                    paths: [/default]
                    plugins: [{name: request-termination}]
                  - name: custom
                    paths: [/custom]
                    plugins:
                    - name: request-termination
                      config: {status_code: 418, body: "<teapot/>", content_type: application/xml}
                  - name: triggered
                    paths: [/triggered]
                    plugins:
                    - name: request-termination
                      config: {status_code: 403, message: stop, trigger: x-stop}
                  - name: echo
                    paths: [/echo]
                    plugins:
                    - name: request-termination
                      config: {status_code: 200, echo: true}
                  - name: ids
                    paths: [/ids]
                    plugins:
                    - name: correlation-id
                      config: {echo_downstream: true}
                  - name: tracker
                    paths: [/tracker]
                    plugins:
                    - name: correlation-id
                      config: {header_name: X-Trace-Id, generator: tracker}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    @Test
    void terminatesWithKongsDefaults() {
        int before = upstream.received().size();
        var res = gw.get("/default");
        assertEquals(503, res.statusCode());
        assertEquals("{\"message\":\"Service unavailable\"}", res.body());
        assertEquals(before, upstream.received().size());
    }

    @Test
    void terminatesWithACustomBody() {
        var res = gw.get("/custom");
        assertEquals(418, res.statusCode());
        assertEquals("<teapot/>", res.body());
        assertEquals("application/xml", res.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void terminatesOnlyWhenTriggered() {
        assertEquals(200, gw.get("/triggered").statusCode());
        var res = gw.send(gw.request("/triggered").header("X-Stop", "1").build());
        assertEquals(403, res.statusCode());
        assertEquals("{\"message\":\"stop\"}", res.body());
        assertEquals(403, gw.get("/triggered?x-stop=1").statusCode());
    }

    @Test
    void echoesTheRequest() {
        var res = gw.send(gw.request("/echo/a?q=1").header("X-Hello", "world")
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build());
        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("\"x-hello\":\"world\""), res.body());
        assertTrue(res.body().contains("payload"), res.body());
        assertTrue(res.body().contains("\"matched_route\""), res.body());
    }

    @Test
    void addsACorrelationIdUpstreamAndEchoesIt() {
        var res = gw.get("/ids");
        String sent = upstream.last().header("Kong-Request-ID");
        assertNotNull(sent);
        assertTrue(sent.matches("[0-9a-f-]{36}#\\d+"), sent);
        assertEquals(sent, res.headers().firstValue("Kong-Request-ID").orElseThrow());
        var kept = gw.send(gw.request("/ids").header("Kong-Request-ID", "abc").build());
        assertEquals("abc", upstream.last().header("Kong-Request-ID"));
        assertEquals("abc", kept.headers().firstValue("Kong-Request-ID").orElseThrow());
    }

    @Test
    void trackerIdsWithoutEcho() {
        var res = gw.get("/tracker");
        assertNotNull(upstream.last().header("X-Trace-Id"));
        assertTrue(res.headers().firstValue("X-Trace-Id").isEmpty());
    }
}
