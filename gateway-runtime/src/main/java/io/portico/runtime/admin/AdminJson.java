package io.portico.runtime.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerResponse;

import java.util.Collection;

/** JSON bodies of the admin API: one mapper, Kong's error shape, and sending. */
final class AdminJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdminJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Kong's error body: {@code {"message": "..."}}. */
    static ObjectNode message(String text) {
        return object().put("message", text);
    }

    /** A list of strings, or JSON null when empty (Kong shows unset array fields as null). */
    static JsonNode stringsOrNull(Collection<String> values) {
        if (values == null || values.isEmpty()) {
            return NODES.nullNode();
        }
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** A reference to another entity: {@code {"id": "..."}}, or null. */
    static JsonNode ref(String id) {
        return id == null ? NODES.nullNode() : object().put("id", id);
    }

    static void send(ServerResponse res, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        send(res, status, "application/json; charset=utf-8", bytes);
    }

    static void send(ServerResponse res, int status, String contentType, byte[] body) {
        res.status(status);
        res.header("Content-Type", contentType);
        res.header("Cache-Control", "no-store");
        res.send(body);
    }

    static void sendMessage(ServerResponse res, int status, String text) {
        send(res, status, message(text));
    }
}
