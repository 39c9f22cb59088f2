package io.portico.plugins.requesttermination;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTerminationConfigTest {

    private static ConfigException rejected(Integer status, String message, String contentType, String body,
                                            Boolean echo, String trigger) {
        return assertThrows(ConfigException.class,
                () -> new RequestTerminationConfig(status, message, contentType, body, echo, trigger));
    }

    @Test
    void defaultsAreKongs() {
        var config = new RequestTerminationConfig(null, null, null, null, null, null);
        assertEquals(503, config.statusCode());
        assertFalse(config.echo());
        assertNull(config.message());
        assertNull(config.trigger());
        assertEquals("Service unavailable", RequestTerminationPlugin.defaultMessage(503));
        assertEquals("Not found", RequestTerminationPlugin.defaultMessage(404));
        assertNull(RequestTerminationPlugin.defaultMessage(418));
    }

    @Test
    void statusCodeMustBeBetween100And599() {
        assertEquals(100, new RequestTerminationConfig(100, null, null, null, null, null).statusCode());
        assertEquals(599, new RequestTerminationConfig(599, null, null, null, null, null).statusCode());
        var e = rejected(99, null, null, null, null, null);
        assertEquals("status_code", e.field());
        assertEquals("value should be between 100 and 599", e.reason());
        assertEquals("status_code", rejected(600, null, null, null, null, null).field());
    }

    @Test
    void messageExcludesBodyAndContentType() {
        assertEquals("message", rejected(null, "down", null, "x", null, null).field());
        assertEquals("message", rejected(null, "down", "text/plain", null, null, null).field());
    }

    @Test
    void contentTypeNeedsBody() {
        var e = rejected(null, null, "text/plain", null, null, null);
        assertEquals("content_type", e.field());
        assertEquals("content_type requires a body", e.reason());
        var ok = new RequestTerminationConfig(200, null, "text/plain", "hello", null, null);
        assertEquals("hello", ok.body());
    }

    @Test
    void echoExcludesBody() {
        assertEquals("echo", rejected(null, null, null, "x", true, null).field());
        assertTrue(new RequestTerminationConfig(null, "debug", null, null, true, "X-Debug").echo());
    }

    @Test
    void emptyStringsAndBadTriggerNamesAreRejected() {
        assertEquals("message", rejected(null, "", null, null, null, null).field());
        assertEquals("body", rejected(null, null, null, "", null, null).field());
        var e = rejected(null, null, null, null, null, "X Debug");
        assertEquals("trigger", e.field());
        assertTrue(e.reason().startsWith("bad header name 'X Debug'"));
        assertEquals("trigger", rejected(null, null, null, null, null, "").field());
    }

    @Test
    void jsonWriterEscapesAndNests() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "a\"b\n");
        map.put("n", 8000);
        map.put("b", true);
        map.put("null", null);
        map.put("list", List.of("x", 1));
        map.put("empty", Map.of());
        assertEquals("{\"s\":\"a\\\"b\\n\",\"n\":8000,\"b\":true,\"null\":null,\"list\":[\"x\",1],\"empty\":{}}",
                Json.write(map));
    }

    @Test
    void capturesSplitNamedFromNumberedGroups() {
        Map<String, String> captures = new LinkedHashMap<>();
        captures.put("2", "b");
        captures.put("user", "123");
        captures.put("1", "a");
        Map<String, Object> out = RequestEcho.captures(captures);
        assertEquals(Map.of("user", "123"), out.get("named"));
        assertEquals(List.of("a", "b"), out.get("unnamed"));
        assertEquals(new ArrayList<>(), RequestEcho.captures(null).get("unnamed"));
    }
}
