package io.portico.plugins.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** A call's optional reshaping of its answer: pick (JSON pointer), then allow, deny, rename fields. */
record Shaping(String pick, List<String> allow, List<String> deny, Map<String, String> rename) {

    static Shaping of(CallConfig call) {
        return new Shaping(call.pick() == null || call.pick().isEmpty() ? null : call.pick(), call.allow(),
                call.deny(), call.rename());
    }

    /** The shaped copy of {@code answer} (never changes it: other calls may read its fields). */
    JsonNode apply(JsonNode answer) {
        JsonNode node = pick == null ? answer : answer.at(pick);
        if (node.isMissingNode()) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        if (allow.isEmpty() && deny.isEmpty() && rename.isEmpty()) {
            return node;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode(array.size());
            array.forEach(element -> out.add(fields(element)));
            return out;
        }
        return fields(node);
    }

    private JsonNode fields(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        ObjectNode out = object.objectNode();
        object.properties().forEach(field -> {
            String name = field.getKey();
            if ((allow.isEmpty() || allow.contains(name)) && !deny.contains(name)) {
                out.set(rename.getOrDefault(name, name), field.getValue());
            }
        });
        return out;
    }
}
