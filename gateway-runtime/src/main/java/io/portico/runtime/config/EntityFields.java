package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of one entity object of the file, read with their types checked. Every problem is reported with the
 * entity's label, the field and its line, and the read goes on. Each key asked for is remembered, so that
 * {@link #finish()} can report every key nobody asked for as unknown: nothing in the file is silently ignored.
 */
final class EntityFields {
    /** Accepted on every entity as Kong does: annotations, and the timestamps a Kong export writes. */
    private static final Set<String> METADATA = Set.of("_comment", "_ignore", "created_at", "updated_at");

    private final SourceTree tree;
    private final NodePath path;
    private final String entity;
    private final Problems problems;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();

    EntityFields(SourceTree tree, NodePath path, String entity, Problems problems) {
        this.tree = tree;
        this.path = path;
        this.entity = entity;
        this.problems = problems;
        JsonNode at = tree.node(path);
        this.node = at instanceof ObjectNode object ? object : null;
        if (node == null) {
            problems.add(entity, "", line(), "expected an object, got " + Json.describe(at));
        }
    }

    /** False when the entity is not an object at all (reported); nothing can be read from it then. */
    boolean isObject() {
        return node != null;
    }

    String entity() {
        return entity;
    }

    NodePath path() {
        return path;
    }

    int line() {
        return tree.lineOf(path);
    }

    /** {@code absolute} (a path below this entity) relative to the entity, for {@link #report(NodePath, String)}. */
    NodePath relative(NodePath absolute) {
        return new NodePath(absolute.steps().subList(path.steps().size(), absolute.steps().size()));
    }

    SourceTree tree() {
        return tree;
    }

    Problems problems() {
        return problems;
    }

    /** The value of {@code key}, or {@code null} when absent or null (YAML {@code ~} or nothing): then defaults apply. */
    JsonNode value(String key) {
        known.add(key);
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String key) {
        return value(key) != null;
    }

    String string(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            report(key, "expected a string, got " + Json.describe(value));
            return null;
        }
        return value.asText();
    }

    String string(String key, String defaultValue) {
        String value = string(key);
        return value != null ? value : defaultValue;
    }

    /** A string that must be present; reports "required field missing" on the entity's line otherwise. */
    String requiredString(String key) {
        boolean present = has(key);
        String value = string(key);
        if (!present) {
            report(key, "required field missing");
        }
        return value;
    }

    /** Kong's {@code id}: a UUID when given; {@code null} when absent. */
    String id() {
        String id = string("id");
        if (id != null && !KongTypes.isUuid(id)) {
            report("id", "expected a UUID (e.g. 3b5d1a60-0c2a-4c1f-9a57-1e0f6c2f8a11), got '" + id + "'");
        }
        return id;
    }

    /** A Kong {@code utf8_name} field, or {@code null} when absent. */
    String name(String key) {
        String name = string(key);
        if (name != null && !KongTypes.isName(name)) {
            report(key, KongTypes.nameError(name));
        }
        return name;
    }

    /** One of {@code allowed}, or {@code defaultValue} when absent or invalid (the problem is reported). */
    String oneOf(String key, String defaultValue, List<String> allowed) {
        String value = string(key);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            report(key, "expected one of: " + String.join(", ", allowed) + "; got '" + value + "'");
            return defaultValue;
        }
        return value;
    }

    /** An integer within [min, max], or {@code null} when absent or invalid (the problem is reported). */
    Long integer(String key, long min, long max) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            report(key, "expected an integer, got " + Json.describe(value));
            return null;
        }
        long number = value.asLong();
        if (number < min || number > max) {
            report(key, "must be between " + min + " and " + max + "; got " + number);
            return null;
        }
        return number;
    }

    int integer(String key, int defaultValue, int min, int max) {
        Long value = integer(key, (long) min, (long) max);
        return value != null ? value.intValue() : defaultValue;
    }

    long integer(String key, long defaultValue, long min, long max) {
        Long value = integer(key, min, max);
        return value != null ? value : defaultValue;
    }

    /** A boolean, or {@code null} when absent or invalid. */
    Boolean bool(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            report(key, "expected a boolean (true or false), got " + Json.describe(value));
            return null;
        }
        return value.asBoolean();
    }

    boolean bool(String key, boolean defaultValue) {
        Boolean value = bool(key);
        return value != null ? value : defaultValue;
    }

    /**
     * A list of strings, or {@code null} when absent; a single string is not taken for a one-element list (Kong
     * does not either). Elements that are not strings are reported and left out.
     */
    List<String> strings(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            report(key, "expected a list of strings, got " + Json.describe(value));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isTextual()) {
                out.add(element.asText());
            } else {
                report(NodePath.ROOT.key(key).index(i), "expected a string, got " + Json.describe(element));
            }
        }
        return out;
    }

    /** Kong's {@code tags}: strings of printable characters without {@code ,} and {@code /}. */
    List<String> tags() {
        List<String> tags = strings("tags");
        if (tags == null) {
            return List.of();
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!KongTypes.isTag(tags.get(i))) {
                report(NodePath.ROOT.key("tags").index(i), "invalid tag '" + tags.get(i)
                        + "': expected printable characters except ',' and '/'");
            }
        }
        return List.copyOf(tags);
    }

    /** The paths of the elements of the list {@code key}; empty when absent, or when not a list (reported). */
    List<NodePath> list(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            report(key, "expected a list, got " + Json.describe(value));
            return List.of();
        }
        List<NodePath> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(path.key(key).index(i));
        }
        return elements;
    }

    /** An object, or {@code null} when absent or not an object (reported). */
    ObjectNode object(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            report(key, "expected an object, got " + Json.describe(value));
            return null;
        }
        return object;
    }

    /**
     * A Kong field Portico does not implement: an error when it holds anything but an "unset" value (null, false,
     * an empty list or object), since a Kong export writes those for every entity.
     */
    void notSupported(String key) {
        JsonNode value = value(key);
        if (value != null && !(value.isBoolean() && !value.asBoolean()) && !(value.isContainerNode() && value.isEmpty())) {
            report(key, "not supported by Portico");
        }
    }

    /** A field that must not be set here at all, e.g. a reference to the parent on a nested entity. */
    void forbidden(String key, String why) {
        if (value(key) != null) {
            report(key, why);
        }
    }

    void report(String key, String message) {
        report(NodePath.ROOT.key(key), message);
    }

    /** A problem at {@code relative} below the entity, e.g. {@code paths[0]}, on that node's line. */
    void report(NodePath relative, String message) {
        problems.add(entity, relative.label(), tree.lineOf(path.append(relative)), message);
    }

    /** A problem with the entity as a whole, on its first line. */
    void reportEntity(String message) {
        problems.add(entity, "", line(), message);
    }

    /** Checks the metadata every entity may carry and reports each key that no read asked for. */
    void finish() {
        if (node == null) {
            return;
        }
        JsonNode comment = node.get("_comment");
        if (comment != null && !comment.isTextual() && !comment.isNull()) {
            report("_comment", "expected a string, got " + Json.describe(comment));
        }
        JsonNode ignore = node.get("_ignore");
        if (ignore != null && !ignore.isArray() && !ignore.isNull()) {
            report("_ignore", "expected a list, got " + Json.describe(ignore));
        }
        for (String timestamp : List.of("created_at", "updated_at")) {
            JsonNode value = node.get(timestamp);
            if (value != null && !value.isNumber() && !value.isNull()) {
                report(timestamp, "expected a number (a Unix time), got " + Json.describe(value));
            }
        }
        for (var field : node.properties()) {
            String key = field.getKey();
            if (!known.contains(key) && !METADATA.contains(key)) {
                String suggestion = Spelling.closest(key, known);
                report(key, "unknown field '" + key + "'" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
            }
        }
    }
}
