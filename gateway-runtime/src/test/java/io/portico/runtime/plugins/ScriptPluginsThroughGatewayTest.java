package io.portico.runtime.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.script.ScriptLibrary;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JavaScript plugins from a scripts folder through a real gateway and upstream: phases, the ex API, ctx shared
 * with a Java plugin, failures (500 with script, phase and line), the time limit, the sandbox, hot reload.
 */
class ScriptPluginsThroughGatewayTest {
    static Path scripts;
    static RecordingUpstream upstream;
    static RecordingUpstream other;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws IOException {
        scripts = Files.createTempDirectory("portico-scripts");
        write("tag.js", """
                export const priority = 1000;
                export function access(ex, conf) {
                  ex.request.setHeader('X-Tag', conf.tag);
                  ex.request.setHeader('X-Seen', [ex.request.method, ex.request.path, ex.request.header('x-in'),
                      ex.request.query('q'), ex.clientIp, ex.route, ex.service].join('|'));
                  ex.request.removeHeader('X-Remove-Me');
                  ex.request.setQuery('added', 'yes');
                  ex.ctx.js_says = 'hello';
                  ex.ctx.js_count = 3;
                }
                export function header(ex, conf) {
                  ex.response.setHeader('X-Upstream-Status', String(ex.response.status));
                  ex.response.setHeader('X-Java-Says', String(ex.ctx.java_says));
                  ex.response.removeHeader('X-Secret');
                }
                """);
        write("fails.js", """
                export function access(ex) {
                  const missing = null;
                  return missing.boom;
                }
                """);
        write("spin.js", """
                export const timeout = 100;
                export function access(ex) {
                  if (ex.request.query('spin') === '1') {
                    while (true) {}
                  }
                  ex.request.setHeader('X-Spin', 'no');
                }
                """);
        write("sandbox.js", """
                const attempt = (f) => { try { return String(f()); } catch (e) { return 'refused'; } };
                export function access(ex) {
                  ex.respond(200, {
                    java: typeof Java, polyglot: typeof Polyglot, require: typeof require, process: typeof process,
                    print: typeof print, load: typeof load, console: typeof console,
                    javaType: attempt(() => Java.type('java.lang.System')),
                    ctxClass: attempt(() => ex.ctx.getClass()),
                    importFile: attempt(() => import('/etc/passwd')),
                    hostMethods: typeof ex.request.constructor,
                  });
                }
                """);
        write("answer.js", """
                export function access(ex, conf) {
                  ex.respond(201, {hello: conf.who, consumer: ex.consumer}, {'X-Answered-By': 'script'});
                }
                """);
        write("version.js", """
                export function header(ex) { ex.response.setHeader('X-Version', '1'); }
                """);
        write("switch.js", """
                export function access(ex) {
                  ex.setUpstream(ex.request.query('to'));
                  ex.request.setHeader('X-Service-Now', String(ex.service));
                }
                """);
        write("split.js", """
                export function access(ex) {
                  if (ex.request.query('where') === 'request') {
                    ex.request.setHeader('X-Split', 'a\\r\\nX-Injected: 1');
                  }
                }
                export function header(ex) {
                  if (ex.request.query('where') === 'response') {
                    ex.response.setHeader('X-Split', 'a\\r\\nSet-Cookie: evil=1');
                  }
                }
                """);
        upstream = RecordingUpstream.start("svc");
        other = RecordingUpstream.start("other");
        upstream.respondWith((exchange, received) -> RecordingUpstream.send(exchange, 200,
                java.util.Map.of("X-Secret", "s3cr3t", "Content-Type", "text/plain"), "upstream says hi"));
        gw = GatewayFixture.startWithScripts("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: tag
                    paths: [/tag]
                    plugins:
                    - {name: tag, config: {tag: blue}}
                    - {name: ctx-java}
                  - {name: fails, paths: [/fails], plugins: [{name: fails}]}
                  - {name: spin, paths: [/spin], plugins: [{name: spin}]}
                  - {name: sandbox, paths: [/sandbox], plugins: [{name: sandbox}]}
                  - {name: version, paths: [/version], plugins: [{name: version}]}
                  - {name: switch, paths: [/switch], plugins: [{name: switch}]}
                  - {name: split, paths: [/split], plugins: [{name: split}]}
                - name: other-svc
                  url: %s
                upstreams:
                - name: other-pool
                  targets: [{target: "127.0.0.1:%d"}]
                routes:
                - name: answer
                  paths: [/answer]
                  plugins: [{name: answer, config: {who: world}}]
                """.formatted(upstream.url(), other.url(), other.port()), scripts);
    }

    static void write(String name, String text) throws IOException {
        Path tmp = scripts.resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, scripts.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
        other.close();
    }

    @Test
    void scriptChangesTheRequestAndTheResponseAndSharesCtxWithJavaPlugins() {
        HttpResponse<String> res = gw.send(gw.request("/tag/x?q=1").header("X-In", "in")
                .header("X-Remove-Me", "1").build());
        assertEquals(200, res.statusCode());
        var got = upstream.last();
        assertEquals("blue", got.header("X-Tag"));
        assertEquals("GET|/tag/x|in|1|127.0.0.1|tag|svc", got.header("X-Seen"));
        assertNull(got.header("X-Remove-Me"));
        assertTrue(got.rawQuery().contains("added=yes"), got.rawQuery());
        assertEquals("200", res.headers().firstValue("X-Upstream-Status").orElse(null));
        assertEquals("hi", res.headers().firstValue("X-Java-Says").orElse(null));
        assertFalse(res.headers().firstValue("X-Secret").isPresent());
        // what the script put into ctx reaches the Java plugin as plain Java values
        assertEquals("hello (java.lang.String)", res.headers().firstValue("X-Ctx-Js-Says").orElse(null));
        assertEquals("3 (java.lang.Long)", res.headers().firstValue("X-Ctx-Js-Count").orElse(null));
    }

    @Test
    void setUpstreamSendsTheRequestToAnotherServiceOrUpstreamOfTheConfig() {
        int before = other.received().size();
        assertEquals("other", AdminClient.json(gw.get("/switch?to=other-svc")).get("upstream").asText());
        assertEquals("other-svc", other.last().header("X-Service-Now"));
        assertEquals("other", AdminClient.json(gw.get("/switch?to=other-pool")).get("upstream").asText());
        assertEquals("svc", other.last().header("X-Service-Now")); // an upstream keeps the route's service
        assertEquals(before + 2, other.received().size());
        try (LogCapture log = new LogCapture()) {
            assertEquals(500, gw.get("/switch?to=nowhere").statusCode());
            assertFalse(log.containing("no service or upstream named 'nowhere'").isEmpty());
        }
    }

    @Test
    void aHeaderValueThatWouldSplitTheFieldLineFailsThePluginsCallNotTheMessage() {
        int before = upstream.received().size();
        HttpResponse<String> request = gw.get("/split?where=request");
        assertEquals(500, request.statusCode());
        assertEquals(before, upstream.received().size(), "the request went upstream");
        HttpResponse<String> response = gw.get("/split?where=response");
        assertEquals(500, response.statusCode());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), response.headers().toString());
        assertFalse(response.headers().firstValue("X-Split").isPresent());
        assertEquals(200, gw.get("/split").statusCode());
    }

    @Test
    void scriptAnswersItselfWithAJsonBodyAndHeaders() {
        HttpResponse<String> res = gw.get("/answer");
        assertEquals(201, res.statusCode());
        assertEquals("{\"hello\":\"world\",\"consumer\":null}", res.body());
        assertEquals("script", res.headers().firstValue("X-Answered-By").orElse(null));
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void aThrowingScriptFailsItsRequestWith500LoggedWithScriptPhaseAndLine() {
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> res = gw.get("/fails");
            assertEquals(500, res.statusCode());
            assertTrue(res.body().contains("An unexpected error occurred"), res.body());
            List<String> lines = log.containing("script fails.js failed in the access phase at line 3");
            assertFalse(lines.isEmpty(), "no log line naming the script, phase and line");
            assertTrue(lines.getFirst().contains("TypeError"), lines.getFirst());
        }
        assertEquals(200, gw.get("/tag").statusCode()); // the node keeps serving
    }

    @Test
    void anEndlessLoopFailsThatRequestWithinTheLimitAndTheNodeKeepsServing() throws Exception {
        assertEquals(200, gw.get("/spin").statusCode()); // warm: the first call of a version has a longer limit
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (LogCapture log = new LogCapture()) {
            List<Future<HttpResponse<String>>> spinning = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                spinning.add(pool.submit((Callable<HttpResponse<String>>) () -> gw.get("/spin?spin=1")));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(200, gw.get("/tag").statusCode()); // every other request is served meanwhile
            }
            for (Future<HttpResponse<String>> f : spinning) {
                assertEquals(500, f.get().statusCode());
            }
            assertFalse(log.containing("script spin.js ran over its time limit of 100 ms in the access phase").isEmpty());
        } finally {
            pool.close();
        }
        assertEquals(200, gw.get("/spin").statusCode()); // a fresh context replaced the discarded ones
        assertEquals("no", upstream.last().header("X-Spin"));
    }

    @Test
    void scriptsSeeOnlyTheExApi() {
        JsonNode seen = AdminClient.json(gw.get("/sandbox"));
        assertEquals("undefined", seen.get("java").asText());
        assertEquals("undefined", seen.get("polyglot").asText());
        assertEquals("undefined", seen.get("require").asText());
        assertEquals("undefined", seen.get("process").asText());
        assertEquals("undefined", seen.get("print").asText());
        assertEquals("undefined", seen.get("load").asText());
        assertEquals("undefined", seen.get("console").asText());
        assertEquals("refused", seen.get("javaType").asText());
        assertEquals("refused", seen.get("ctxClass").asText());
    }

    @Test
    void savingAScriptSwapsItInAndABrokenSaveKeepsThePreviousVersionAndIsReported() throws Exception {
        assertEquals("1", gw.get("/version").headers().firstValue("X-Version").orElse(null));
        write("version.js", "export function header(ex) { ex.response.setHeader('X-Version', '2'); }\n");
        awaitVersion("2");

        write("version.js", "export function header(ex) {\n  ex.response.setHeader('X-Version', '3';\n}\n");
        AdminClient admin = new AdminClient(gw.adminPort());
        JsonNode version = awaitScriptError(admin, "version");
        assertEquals(2, version.get("version").asInt());
        assertTrue(version.get("error").get("message").asText().contains("version.js:2"),
                version.get("error").toString());
        assertEquals("2", gw.get("/version").headers().firstValue("X-Version").orElse(null));

        write("version.js", "export function header(ex) { ex.response.setHeader('X-Version', '4'); }\n");
        awaitVersion("4");
        assertTrue(script(admin, "version").get("error").isNull());
    }

    @Test
    void aConfigNamingAScriptThatDoesNotCompileIsInvalidWithTheFileAndLine() throws IOException {
        Path dir = Files.createTempDirectory("portico-bad-scripts");
        Files.writeString(dir.resolve("broken.js"), "export function access(ex) {\n  let = ;\n}\n");
        Files.writeString(dir.resolve("nophase.js"), "export const priority = 'high';\n");
        PluginRegistry registry = PluginRegistry.bundled().withScripts(ScriptLibrary.in(dir));
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> new ConfigPipeline(registry)
                .parse("""
                        _format_version: "3.0"
                        plugins:
                        - name: broken
                        - name: nophase
                        """, "bad.yaml"));
        assertTrue(e.getMessage().contains("broken.js:2"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("export 'priority' must be an integer"), e.getMessage());
        assertTrue(e.getMessage().contains("exports none of the phase functions"), e.getMessage());
    }

    private static void awaitVersion(String expected) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (expected.equals(gw.get("/version").headers().firstValue("X-Version").orElse(null))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("version " + expected + " never came into force");
    }

    private static JsonNode awaitScriptError(AdminClient admin, String name) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode script = script(admin, name);
            if (!script.get("error").isNull()) {
                return script;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the broken save was never reported");
    }

    private static JsonNode script(AdminClient admin, String name) {
        for (JsonNode s : AdminClient.json(admin.get("/scripts")).get("data")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no script " + name);
    }
}
