package io.portico.runtime.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * request-transformer through a real gateway in front of a real upstream that records what it gets, with Kong's
 * rules (kong/plugins/request-transformer): the path, the method, headers, body (JSON and form), query string, in
 * that order, each with remove, rename, replace, add, append, and Kong's template values.
 */
class RequestTransformerThroughGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
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
                  - name: headers
                    paths: [/headers]
                    plugins:
                    - name: request-transformer
                      config:
                        remove: {headers: [x-remove]}
                        rename: {headers: ["x-old:x-new"]}
                        replace: {headers: ["x-replace:new-$(headers['x-replace'])", "x-absent:nope"]}
                        add:
                          headers:
                          - "x-added:$(query_params.q)"
                          - "x-replace:ignored"
                          - "x-version:$(headers.x_api_version or 'none')"
                          - "x-was:$(headers['x-remove'])"
                          - "x-literal:$('$(uri_captures.user)')"
                          - "x-default:$(query_params.missing or \\"fallback\\")"
                        append: {headers: ["x-multi:b", "x-fresh:1"]}
                  - name: query
                    paths: [/query]
                    plugins:
                    - name: request-transformer
                      config:
                        remove: {querystring: [drop]}
                        rename: {querystring: ["old:new"]}
                        replace: {querystring: ["rep:R", "absent:x"]}
                        add: {querystring: ["added:A b", "rep:ignored"]}
                        append: {querystring: ["multi:2", "fresh:F"]}
                  - name: body
                    paths: ["~/body/(?<user>[a-z]+)$"]
                    plugins:
                    - name: request-transformer
                      config:
                        remove: {body: [secret]}
                        rename: {body: ["old:new"]}
                        replace: {body: ["rep:R"]}
                        add: {body: ["added:$(uri_captures.user)", "rep:ignored"]}
                        append: {body: ["tags:c", "fresh:F"]}
                  - name: to-get
                    paths: [/to-get]
                    plugins:
                    - name: request-transformer
                      config: {http_method: GET}
                  - name: to-post
                    paths: [/to-post]
                    plugins:
                    - name: request-transformer
                      config: {http_method: POST}
                  - name: host
                    paths: [/host]
                    plugins:
                    - name: request-transformer
                      config:
                        replace: {headers: ["host:internal.example"]}
                        add: {headers: ["host:ignored.example"]}
                  - name: add-host
                    paths: [/add-host]
                    plugins:
                    - name: request-transformer
                      config: {add: {headers: ["host:ignored.example"]}, append: {headers: ["host:no.example"]}}
                  - name: uri
                    paths: ["~/u/(?<user>[a-z]+)/(\\\\d+)$"]
                    plugins:
                    - name: request-transformer
                      config:
                        replace: {uri: "/users/$(uri_captures.user)/items/$(uri_captures[2])"}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static RecordingUpstream.Received send(HttpRequest.Builder request) {
        HttpResponse<String> res = gw.send(request.build());
        assertEquals(200, res.statusCode(), res.body());
        return upstream.last();
    }

    private static RecordingUpstream.Received post(String path, String contentType, String body) {
        return send(gw.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Map<String, List<String>> params(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            out.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(kv.length < 2 ? null : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void headersWithTemplatesReadingTheClientsRequest() {
        RecordingUpstream.Received got = send(gw.request("/headers?q=from-query")
                .header("X-Remove", "removed-value").header("X-Old", "moved").header("X-Replace", "r")
                .header("X-Api-Version", "v3").header("X-Multi", "a"));
        assertNull(got.header("X-Remove"));
        assertNull(got.header("X-Old"));
        assertEquals("moved", got.header("X-New"));
        assertEquals(List.of("new-r"), got.headers().get("X-Replace"), "replaced; add leaves a present header");
        assertNull(got.header("X-Absent"), "replace does not add");
        assertEquals("from-query", got.header("X-Added"));
        assertEquals("v3", got.header("X-Version"), "headers.x_api_version finds X-Api-Version");
        assertEquals("removed-value", got.header("X-Was"), "templates see the headers as the client sent them");
        assertEquals("$(uri_captures.user)", got.header("X-Literal"), "a quoted template is an escape");
        assertEquals("fallback", got.header("X-Default"));
        assertEquals(List.of("a", "b"), got.headers().get("X-Multi"));
        assertEquals("1", got.header("X-Fresh"));

        got = send(gw.request("/headers"));
        assertEquals("none", got.header("X-Version"), "'or' gives the default");
        assertNull(got.header("X-Added"), "a template finding nothing renders empty: no header");
    }

    @Test
    void queryStringInKongsOrder() {
        RecordingUpstream.Received got = send(gw.request("/query?drop=1&old=o&rep=r&multi=1&keep=k%20k"));
        assertEquals(Map.of("new", List.of("o"), "rep", List.of("R"), "multi", List.of("1", "2"),
                "keep", List.of("k k"), "added", List.of("A b"), "fresh", List.of("F")), params(got.rawQuery()));
        got = send(gw.request("/query"));
        assertEquals(Map.of("added", List.of("A b"), "rep", List.of("ignored"), "multi", List.of("2"),
                "fresh", List.of("F")), params(got.rawQuery()), "add adds what is absent");
    }

    @Test
    void jsonBody() throws Exception {
        RecordingUpstream.Received got = post("/body/alice", "application/json",
                "{\"secret\":1,\"old\":\"o\",\"rep\":\"r\",\"tags\":[\"a\",\"b\"],\"num\":5}");
        assertEquals(JSON.readTree("{\"new\":\"o\",\"rep\":\"R\",\"tags\":[\"a\",\"b\",\"c\"],\"num\":5,"
                + "\"added\":\"alice\",\"fresh\":[\"F\"]}"), JSON.readTree(got.body()));
        assertEquals(Integer.toString(got.body().length), got.header("Content-Length"));

        got = post("/body/bob", "application/json; charset=utf-8", "");
        assertEquals(JSON.readTree("{\"added\":\"bob\",\"rep\":\"ignored\",\"tags\":[\"c\"],\"fresh\":[\"F\"]}"),
                JSON.readTree(got.body()),
                "an empty body only gets add and append");
        assertEquals("{not json", post("/body/bob", "application/json", "{not json").bodyText(),
                "a body that is not JSON is left alone");
        assertEquals("secret=1", post("/body/bob", "text/plain", "secret=1").bodyText(),
                "other content types pass unchanged");
    }

    @Test
    void formBody() {
        RecordingUpstream.Received got = post("/body/alice", "application/x-www-form-urlencoded",
                "secret=1&old=o&rep=r&tags=a&other=x%20y");
        assertEquals(Map.of("new", List.of("o"), "rep", List.of("R"), "tags", List.of("a", "c"),
                "other", List.of("x y"), "added", List.of("alice"), "fresh", List.of("F")), params(got.bodyText()));
        assertEquals(Integer.toString(got.body().length), got.header("Content-Length"));
    }

    @Test
    void multipartBody() {
        String file = "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n";
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"secret\"\r\n\r\n1\r\n"
                + file
                + "--XyZ\r\nContent-Disposition: form-data; name=\"old\"\r\n\r\no\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"rep\"\r\n\r\nr\r\n"
                + "--XyZ--\r\n";
        RecordingUpstream.Received got = post("/body/alice", "multipart/form-data; boundary=XyZ", body);
        String sent = got.bodyText();
        assertEquals(file
                + "--XyZ\r\nContent-Disposition: form-data; name=\"new\"\r\n\r\no\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"rep\"\r\n\r\nR\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"added\"\r\n\r\nalice\r\n"
                + "--XyZ--\r\n", sent, "the file part kept as sent; changed fields at the end; no append (Kong)");
        assertEquals(Integer.toString(got.body().length), got.header("Content-Length"));
    }

    @Test
    void httpMethodMovesAFormBodyIntoTheQueryForGet() {
        RecordingUpstream.Received got = post("/to-get?x=1", "application/x-www-form-urlencoded", "a=1&x=2");
        assertEquals("GET", got.method());
        assertEquals(Map.of("x", List.of("1", "2"), "a", List.of("1")), params(got.rawQuery()));

        got = send(gw.request("/to-post"));
        assertEquals("POST", got.method());
    }

    @Test
    void replaceHostSetsTheUpstreamHostButAddAndAppendNeverDo() {
        assertEquals("internal.example", send(gw.request("/host")).header("Host"));
        assertEquals("127.0.0.1:" + upstream.port(), send(gw.request("/add-host")).header("Host"));
    }

    @Test
    void replaceUriWithCaptures() {
        RecordingUpstream.Received got = send(gw.request("/u/carol/42?keep=1"));
        assertEquals("/users/carol/items/42", got.rawPath());
        assertEquals("keep=1", got.rawQuery());
    }

    @Test
    void badConfigNamesTheField() {
        ConfigProblems.assertRefused("request-transformer", "{http_method: get}", "http_method", "upper case");
        ConfigProblems.assertRefused("request-transformer", "{add: {body: [a]}}", "add.body[0]",
                "key 'a' has no value");
        ConfigProblems.assertRefused("request-transformer", "{add: {headers: [\"x-a:$(os.exit())\"]}}",
                "add.headers[0]", "not in supported format");
        ConfigProblems.assertRefused("request-transformer", "{add: {headers: [\"x-a:$(headers.x\"]}}",
                "add.headers[0]", "closing ')'");
        ConfigProblems.assertRefused("request-transformer", "{rename: {headers: [\"x-a:b c\"]}}",
                "rename.headers[0]", "not a valid header");
        ConfigProblems.assertRefused("request-transformer", "{replace: {uri: users}}", "replace.uri", "'/'");
        ConfigProblems.assertRefused("request-transformer", "{append: {json: [\"a:1\"]}}", "append.json",
                "unknown field");
    }
}
