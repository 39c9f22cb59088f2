package io.portico.runtime.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * xml-to-json through a real gateway: XML answers of a real upstream become JSON (types, charsets, malformed XML a
 * 502), and JSON request bodies become XML for an XML-only upstream.
 */
class XmlToJsonThroughGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = """
            <?xml version="1.0"?>
            <user id="7"><name>Ann</name><role>admin</role><role>dev</role><note lang="en">hi</note><empty/></user>""";
    static final Map<String, Answer> ANSWERS = Map.of(
            "/xml", new Answer("application/xml", USER.getBytes(StandardCharsets.UTF_8)),
            "/text-xml", new Answer("text/xml", USER.getBytes(StandardCharsets.UTF_8)),
            "/atom", new Answer("application/atom+xml", "<feed><title>t</title></feed>".getBytes(StandardCharsets.UTF_8)),
            "/latin1-param", new Answer("text/xml; charset=ISO-8859-1",
                    "<p><city>Montréal</city></p>".getBytes(StandardCharsets.ISO_8859_1)),
            "/latin1-declared", new Answer("application/xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><p><city>Montréal</city></p>"
                    .getBytes(StandardCharsets.ISO_8859_1)),
            "/malformed", new Answer("application/xml", "<user><name>Ann</user>".getBytes(StandardCharsets.UTF_8)),
            "/entity", new Answer("application/xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                    .getBytes(StandardCharsets.UTF_8)),
            "/json", new Answer("application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
            "/empty", new Answer("application/xml", new byte[0]));

    record Answer(String type, byte[] body) {
    }

    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc").respondWith((exchange, received) -> {
            Answer answer = ANSWERS.get(received.rawPath());
            if (answer == null) {
                RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "application/xml"), "<ok/>");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", answer.type());
            exchange.sendResponseHeaders(200, answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: responses
                    paths: [/]
                    plugins: [{name: xml-to-json}]
                  - name: requests
                    paths: [/orders]
                    strip_path: false
                    plugins:
                    - name: xml-to-json
                      config: {request: true, response: false, root_element: order}
                  - name: both
                    paths: [/both]
                    strip_path: false
                    plugins:
                    - name: xml-to-json
                      config: {request: true, request_content_type: text/xml}
                  - name: transformed-first
                    paths: [/transformed]
                    strip_path: false
                    plugins:
                    - name: request-transformer
                      config: {add: {body: ["source:gateway"]}}
                    - name: xml-to-json
                      config: {request: true, response: false}
                      ordering: {after: {access: [request-transformer]}}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static void assertJson(String expected, HttpResponse<String> res) throws IOException {
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("application/json; charset=utf-8", res.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(JSON.readTree(expected), JSON.readTree(res.body()));
        assertEquals(res.body().getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(res.headers().firstValue("Content-Length").orElseThrow()));
    }

    @Test
    void xmlAnswersBecomeJson() throws IOException {
        String user = """
                {"id":"7","name":"Ann","role":["admin","dev"],"note":{"lang":"en","#text":"hi"},"empty":""}""";
        assertJson(user, gw.get("/xml"));
        assertJson(user, gw.get("/text-xml"));
        assertJson("{\"title\":\"t\"}", gw.get("/atom"));
    }

    @Test
    void charsetsAreHonoured() throws IOException {
        assertJson("{\"city\":\"Montréal\"}", gw.get("/latin1-param"));
        assertJson("{\"city\":\"Montréal\"}", gw.get("/latin1-declared"));
    }

    @Test
    void malformedXmlIsA502() {
        HttpResponse<String> res = gw.get("/malformed");
        assertEquals(502, res.statusCode());
        assertEquals("application/json; charset=utf-8", res.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(res.body().startsWith("{\"message\":\"An invalid response was received from the upstream server: "
                + "malformed XML ("), res.body());
        assertTrue(res.body().contains("line 1"), res.body());

        HttpResponse<String> entity = gw.get("/entity");
        assertEquals(502, entity.statusCode(), "no DTDs: no external entities, no entity bombs");
        assertFalse(entity.body().contains("root:"), entity.body());
    }

    @Test
    void otherAnswersPassUnchanged() {
        HttpResponse<String> json = gw.get("/json");
        assertEquals("{\"a\":1}", json.body());
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> empty = gw.get("/empty");
        assertEquals(200, empty.statusCode());
        assertEquals("", empty.body());
    }

    private static HttpResponse<String> postJson(String path, String body) {
        return gw.send(gw.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void jsonRequestsBecomeXmlForAnXmlOnlyUpstream() {
        HttpResponse<String> res = postJson("/orders", "{\"id\":1,\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}],"
                + "\"note\":\"a < b & c\"}");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("<ok/>", res.body(), "response: false leaves the answer as XML");
        RecordingUpstream.Received got = upstream.last();
        assertEquals("application/xml; charset=utf-8", got.header("Content-Type"));
        assertEquals("<?xml version='1.0' encoding='UTF-8'?><order><id>1</id><items><sku>A</sku></items>"
                + "<items><sku>B</sku></items><note>a &lt; b &amp; c</note></order>", got.bodyText());
        assertEquals(Integer.toString(got.body().length), got.header("Content-Length"));
    }

    @Test
    void bothWays() throws IOException {
        HttpResponse<String> res = postJson("/both", "{\"q\":\"x\"}");
        assertEquals("text/xml", upstream.last().header("Content-Type"));
        assertTrue(upstream.last().bodyText().endsWith("<request><q>x</q></request>"), upstream.last().bodyText());
        assertJson("{}", res);
    }

    @Test
    void orderingLetsRequestTransformerChangeTheJsonFirst() {
        assertEquals(200, postJson("/transformed", "{\"q\":\"x\"}").statusCode());
        assertTrue(upstream.last().bodyText().endsWith("<request><q>x</q><source>gateway</source></request>"),
                upstream.last().bodyText());
    }

    @Test
    void badJsonRequestsAre400() {
        int before = upstream.received().size();
        HttpResponse<String> res = postJson("/orders", "{\"id\":");
        assertEquals(400, res.statusCode());
        assertTrue(res.body().startsWith("{\"message\":\"Invalid JSON body: "), res.body());
        assertEquals(400, postJson("/orders", "[1,2]").statusCode());
        HttpResponse<String> badName = postJson("/orders", "{\"a b\":1}");
        assertEquals(400, badName.statusCode());
        assertEquals("{\"message\":\"Invalid JSON body: key 'a b' cannot be an XML element name\"}", badName.body());
        assertEquals(before, upstream.received().size(), "nothing reaches the upstream");
    }

    @Test
    void badConfigNamesTheField() {
        ConfigProblems.assertRefused("xml-to-json", "{root_element: 1x}", "root_element", "XML element name");
        ConfigProblems.assertRefused("xml-to-json", "{request: false, response: false}", "response",
                "nothing to convert");
    }
}
