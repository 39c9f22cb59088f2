package io.portico.runtime.plugins;

import com.sun.net.httpserver.HttpServer;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cors as a browser sees it: a page served from one origin (a small real HTTP server) calls, with fetch(), a
 * gateway on another origin; headless Chromium runs the page and the test reads what the page's script could see.
 * The browser makes the preflights and enforces the answers: exactly what the plugin is for.
 */
class CorsInBrowserTest {
    static RecordingUpstream upstream;
    static GatewayFixture gw;
    static HttpServer pages;

    @BeforeAll
    static void start() throws IOException {
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        pages.start();
        String pageOrigin = "http://127.0.0.1:" + pages.getAddress().getPort();
        upstream = RecordingUpstream.start("svc").respondWith((exchange, received) -> {
            exchange.getResponseHeaders().add("X-Exposed", "visible");
            RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "text/plain"), received.method());
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: allowed
                    paths: [/api/allowed]
                    strip_path: false
                    plugins:
                    - name: cors
                      config:
                        origins: ["%s"]
                        methods: [GET, PUT]
                        headers: [X-Custom]
                        exposed_headers: [X-Exposed]
                        credentials: true
                        max_age: 5
                  - name: regex
                    paths: [/api/regex]
                    strip_path: false
                    plugins:
                    - name: cors
                      config: {origins: ["http://127\\\\.0\\\\.0\\\\.1:\\\\d+"]}
                  - name: other-origin
                    paths: [/api/other-origin]
                    strip_path: false
                    plugins:
                    - name: cors
                      config: {origins: [http://elsewhere.example]}
                  - name: get-only
                    paths: [/api/get-only]
                    strip_path: false
                    plugins:
                    - name: cors
                      config: {origins: ["%s"], methods: [GET]}
                  - name: no-cors
                    paths: [/api/no-cors]
                    strip_path: false
                """.formatted(upstream.url(), pageOrigin, pageOrigin));
        String page = """
                <!doctype html><html><body><div id="out">pending</div><script>
                const GW = 'http://127.0.0.1:%d';
                async function call(name, path, init) {
                  try {
                    const r = await fetch(GW + path, init);
                    const body = await r.text();
                    return name + '=ok ' + r.status + ' ' + body + ' exposed:' + r.headers.get('X-Exposed');
                  } catch (e) {
                    return name + '=blocked';
                  }
                }
                (async () => {
                  const results = [];
                  results.push(await call('put', '/api/allowed',
                      {method: 'PUT', headers: {'X-Custom': '1'}, body: 'hi', credentials: 'include'}));
                  results.push(await call('regex', '/api/regex', {method: 'PUT', headers: {'X-Custom': '1'}}));
                  results.push(await call('other', '/api/other-origin', {}));
                  results.push(await call('none', '/api/no-cors', {}));
                  results.push(await call('method', '/api/get-only', {method: 'PUT'}));
                  results.push(await call('get', '/api/get-only', {}));
                  document.getElementById('out').textContent = results.join('|');
                })();
                </script></body></html>
                """.formatted(gw.port());
        pages.createContext("/", exchange -> {
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @AfterAll
    static void stop() {
        pages.stop(0);
        gw.close();
        upstream.close();
    }

    @Test
    void aPageOnAnotherOriginCallsThroughTheGateway() throws Exception {
        String dom = HeadlessChromium.dumpDom("http://127.0.0.1:" + pages.getAddress().getPort() + "/");
        Matcher out = Pattern.compile("<div id=\"out\">([^<]*)</div>").matcher(dom);
        assertTrue(out.find(), dom);
        String[] results = out.group(1).split("\\|");
        assertEquals(6, results.length, "the page's script finished: " + out.group(1));
        assertEquals("put=ok 200 PUT exposed:visible", results[0],
                "preflight answered, credentials allowed, X-Exposed readable");
        assertEquals("regex=ok 200 PUT exposed:null", results[1], "a regex origin; nothing exposed");
        assertEquals("other=blocked", results[2], "an origin not in the list: the browser refuses the answer");
        assertEquals("none=blocked", results[3], "no cors plugin: the same-origin policy holds");
        assertEquals("method=blocked", results[4], "PUT is not among the allowed methods");
        assertEquals("get=ok 200 GET exposed:null", results[5]);

        assertTrue(upstream.received().stream().noneMatch(r -> r.method().equals("OPTIONS")),
                "every preflight was answered by the gateway");
        assertTrue(upstream.received().stream().noneMatch(r -> r.rawPath().equals("/api/get-only")
                && r.method().equals("PUT")), "a refused preflight keeps the PUT from the upstream");
        RecordingUpstream.Received put = upstream.received().stream()
                .filter(r -> r.rawPath().equals("/api/allowed")).findFirst().orElseThrow();
        assertEquals("1", put.header("X-Custom"));
        assertEquals("hi", put.bodyText());
    }
}
