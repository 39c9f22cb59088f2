package io.portico.plugins.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** The top-level fields of a JSON object body, edited the way Kong's transformers edit a decoded Lua table. */
public final class JsonFields {
    /** Shared and thread-safe once configured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonFields() {
    }

    /** The body as a JSON object, or {@code null} when it is not one (invalid JSON, an array, a scalar). */
    public static ObjectNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Moves a field to a new name when it is present; true when it moved. */
    public static boolean rename(ObjectNode object, String from, String to) {
        if (from.equals(to) || !object.has(from)) {
            return false;
        }
        object.set(to, object.remove(from));
        return true;
    }

    /**
     * Whether a field counts as set for {@code replace} (Kong: present and not {@code false}; a JSON null is a
     * value).
     */
    public static boolean isSet(ObjectNode object, String name) {
        JsonNode value = object.get(name);
        return value != null && !(value.isBoolean() && !value.booleanValue());
    }

    /**
     * Kong's {@code append_value}: a string becomes a list of it and the value, a list gets the value added,
     * anything else (absent, a number, an object...) is replaced by a list of the value alone.
     */
    public static void append(ObjectNode object, String name, JsonNode value) {
        JsonNode current = object.get(name);
        if (current instanceof ArrayNode list) {
            list.add(value);
            return;
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (current != null && current.isTextual()) {
            list.add(current);
        }
        list.add(value);
        object.set(name, list);
    }
}
