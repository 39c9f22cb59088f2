package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Wording for the kinds of values a config file holds, as YAML users call them. */
final class Json {
    private Json() {
    }

    /** "a string", "a number", "a list"... for "expected X, got Y" messages. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
