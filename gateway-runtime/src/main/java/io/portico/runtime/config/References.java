package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Reads a reference from one entity to another as Kong's declarative format writes it: the other's name or id
 * ({@code service: orders}), or an object naming one of them ({@code service: {name: orders}},
 * {@code service: {id: 5f1c...}}).
 */
final class References {
    private References() {
    }

    /**
     * The id of the entity {@code key} refers to, or {@code null} when the field is absent, malformed or dangling
     * (the last two reported).
     */
    static String resolve(EntityFields fields, String key, EntityIndex index, EntityIndex.Kind kind) {
        JsonNode value = fields.value(key);
        if (value == null) {
            return null;
        }
        String reference;
        String by;
        NodePath at = NodePath.ROOT.key(key);
        if (value.isTextual()) {
            reference = value.asText();
            by = "name or id";
        } else if (value.isObject() && value.size() == 1 && keyOf(value, kind) != null) {
            String field = keyOf(value, kind);
            by = field.equals("id") ? "id" : "name";
            at = at.key(field);
            if (!value.get(field).isTextual()) {
                fields.report(at, "expected a string, got " + Json.describe(value.get(field)));
                return null;
            }
            reference = value.get(field).asText();
        } else {
            fields.report(at, "expected the name or id of a " + kind.word + ", or {name: ...} or {id: ...}, got "
                    + Json.describe(value) + (value.isObject() ? " with fields " + fieldNames(value) : ""));
            return null;
        }
        Optional<EntityIndex.Entry> target = switch (by) {
            case "name" -> index.findByName(kind, reference);
            case "id" -> index.findById(kind, reference);
            default -> index.find(kind, reference);
        };
        if (target.isEmpty()) {
            fields.report(at, "no " + kind.word + " with " + by + " '" + reference + "' in this config");
            return null;
        }
        return target.get().id();
    }

    /** The identifying field of a reference object: {@code id}, {@code name}, or a consumer's {@code username}. */
    private static String keyOf(JsonNode object, EntityIndex.Kind kind) {
        for (String field : kind == EntityIndex.Kind.CONSUMER ? new String[]{"id", "username", "name"}
                : new String[]{"id", "name"}) {
            if (object.has(field)) {
                return field;
            }
        }
        return null;
    }

    private static String fieldNames(JsonNode object) {
        StringBuilder names = new StringBuilder();
        object.fieldNames().forEachRemaining(n -> names.append(names.isEmpty() ? "" : ", ").append(n));
        return names.toString();
    }
}
