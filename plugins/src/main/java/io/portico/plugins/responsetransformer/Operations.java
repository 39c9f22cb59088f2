package io.portico.plugins.responsetransformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.portico.plugins.transform.Pair;

import java.util.List;
import java.util.stream.Stream;

/** A response-transformer config, parsed. */
record Operations(List<Pair> removeHeaders, List<Pair> renameHeaders, List<Pair> replaceHeaders,
                  List<Pair> addHeaders, List<Pair> appendHeaders, List<Pair> removeJson, List<Pair> renameJson,
                  List<JsonValue> replaceJson, List<JsonValue> addJson, List<JsonValue> appendJson) {

    /**
     * A {@code name:value} json entry with the type its value takes.
     *
     * @param type {@code string}, {@code number} or {@code boolean}
     */
    record JsonValue(String name, String value, String type) {

        /** The value as JSON of its type (Kong's cast), or {@code null} for a number that is not one. */
        JsonNode json() {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (type) {
                case "boolean" -> nodes.booleanNode("true".equals(value));
                case "number" -> number(value.trim());
                default -> nodes.textNode(value);
            };
        }

        private static JsonNode number(String text) {
            try {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
            } catch (NumberFormatException notLong) {
                try {
                    double value = Double.parseDouble(text);
                    return Double.isFinite(value) ? JsonNodeFactory.instance.numberNode(value) : null;
                } catch (NumberFormatException notNumber) {
                    return null;
                }
            }
        }
    }

    boolean transformsJson() {
        return Stream.of(removeJson, renameJson, replaceJson, addJson, appendJson).anyMatch(l -> !l.isEmpty());
    }
}
