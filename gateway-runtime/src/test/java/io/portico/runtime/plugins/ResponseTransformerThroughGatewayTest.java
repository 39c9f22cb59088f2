package io.portico.runtime.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * response-transformer through a real gateway in front of a real upstream, with Kong's rules
 * (kong/plugins/response-transformer): headers and top-level JSON keys, in the order remove, rename, replace, add,
 * append; json_types; bodies that are not JSON objects left alone; Content-Length fixed.
 */
class ResponseTransformerThroughGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String UPSTREAM_JSON = """
            {"secret":"s","old":"o","count":1,"flag":"yes","off":false,"name":"n","tags":["a","b"],\
            "keep":{"x":1},"nothing":null}""";

    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc").respondWith((exchange, received) -> {
            var headers = exchange.getResponseHeaders();
            headers.add("X-Secret", "hidden");
            headers.add("X-Old", "moved");
            headers.add("X-Version", "1");
            headers.add("X-Multi", "a");
            String query = received.rawQuery() == null ? "" : received.rawQuery();
            String type = query.contains("type=") ? query.substring(query.indexOf("type=") + 5).replace("%20", " ")
                    : "application/json";
            String body = query.contains("broken") ? "{not json" : query.contains("array") ? "[1,2]" : UPSTREAM_JSON;
            RecordingUpstream.send(exchange, 200, Map.of("Content-Type", type), body);
        });
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: headers
                    paths: [/headers]
                    plugins:
                    - name: response-transformer
                      config:
                        remove: {headers: [x-secret]}
                        rename: {headers: ["x-old:x-new"]}
                        replace: {headers: ["x-version:2", "x-absent:nope"]}
                        add: {headers: ["x-added:yes", "x-version:ignored"]}
                        append: {headers: ["x-multi:b", "x-fresh:1"]}
                  - name: json
                    paths: [/json]
                    plugins:
                    - name: response-transformer
                      config:
                        remove: {json: [secret]}
                        rename: {json: ["old:new", "nothing:still_nothing"]}
                        replace:
                          json: ["count:7", "flag:true", "absent:1", "off:x"]
                          json_types: [number, boolean, string, string]
                        add:
                          json: ["added:hello", "name:ignored", "off:set-since-false", "ratio:0.5", "bad:x"]
                          json_types: [string, string, string, number, number]
                        append: {json: ["tags:c", "name:also", "fresh:1"]}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    @Test
    void headersInKongsOrder() {
        HttpResponse<String> res = gw.get("/headers");
        assertEquals(200, res.statusCode());
        var headers = res.headers();
        assertFalse(headers.firstValue("X-Secret").isPresent());
        assertFalse(headers.firstValue("X-Old").isPresent());
        assertEquals("moved", headers.firstValue("X-New").orElseThrow());
        assertEquals(List.of("2"), headers.allValues("X-Version"), "replaced, and add leaves a present header");
        assertFalse(headers.firstValue("X-Absent").isPresent(), "replace does not add");
        assertEquals("yes", headers.firstValue("X-Added").orElseThrow());
        assertEquals(List.of("a", "b"), headers.allValues("X-Multi"));
        assertEquals(List.of("1"), headers.allValues("X-Fresh"));
        assertEquals(UPSTREAM_JSON, res.body(), "no json operation: the body streams untouched");
    }

    @Test
    void jsonKeysInKongsOrderWithTypes() throws Exception {
        HttpResponse<String> res = gw.get("/json");
        assertEquals(200, res.statusCode());
        JsonNode expected = JSON.readTree("""
                {"new":"o","count":7,"flag":true,"off":"set-since-false","name":["n","also"],"tags":["a","b","c"],
                 "keep":{"x":1},"still_nothing":null,"added":"hello","ratio":0.5,"fresh":["1"]}""");
        assertEquals(expected, JSON.readTree(res.body()));
        assertEquals(res.body().getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(res.headers().firstValue("Content-Length").orElseThrow()),
                "Content-Length is the new body's");
        // a charset parameter is still JSON
        assertEquals(expected, JSON.readTree(gw.get("/json?type=application/json;%20charset=utf-8").body()));
    }

    @Test
    void bodiesThatAreNotJsonObjectsPassUnchanged() {
        assertEquals(UPSTREAM_JSON, gw.get("/json?type=text/plain").body(), "not application/json");
        assertEquals(UPSTREAM_JSON, gw.get("/json?type=application/problem%2Bjson").body(),
                "Kong takes application/json only");
        HttpResponse<String> broken = gw.get("/json?broken");
        assertEquals(200, broken.statusCode());
        assertEquals("{not json", broken.body());
        assertEquals("[1,2]", gw.get("/json?array").body());
    }

    @Test
    void badConfigNamesTheField() {
        ConfigProblems.assertRefused("response-transformer", "{rename: {headers: [x-old]}}",
                "rename.headers[0]", "name:value");
        ConfigProblems.assertRefused("response-transformer", "{rename: {headers: [\"x old:new\"]}}",
                "rename.headers[0]", "not a valid header");
        ConfigProblems.assertRefused("response-transformer", "{add: {json: [a]}}", "add.json[0]");
        ConfigProblems.assertRefused("response-transformer", "{add: {json: [\"a:1\"], json_types: [integer]}}",
                "add.json_types[0]", "boolean, number, string");
        ConfigProblems.assertRefused("response-transformer", "{remove: {body: [a]}}", "remove.body", "unknown field");
    }
}
