package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kong's dynamic plugin {@code ordering}: <code>{before: {access: [names]}, after: {...}}</code>. Only the shape and
 * the plugin names are checked here; cycles are found where the plugin chain is built.
 */
final class PluginOrdering {
    private static final List<String> RELATIONS = List.of("before", "after");
    private static final List<String> PHASES = List.of("access", "header", "body", "log");

    private PluginOrdering() {
    }

    static Map<String, Map<String, List<String>>> read(EntityFields fields, PluginCatalog catalog) {
        ObjectNode ordering = fields.object("ordering");
        Map<String, Map<String, List<String>>> result = new LinkedHashMap<>();
        if (ordering == null) {
            return result;
        }
        NodePath base = NodePath.ROOT.key("ordering");
        for (Map.Entry<String, JsonNode> relation : ordering.properties()) {
            NodePath at = base.key(relation.getKey());
            if (!RELATIONS.contains(relation.getKey())) {
                fields.report(at, "expected 'before' or 'after'; got '" + relation.getKey() + "'");
            } else if (!relation.getValue().isObject()) {
                fields.report(at, "expected an object of phase to plugin names, got " + Json.describe(relation.getValue()));
            } else {
                result.put(relation.getKey(), phases(fields, catalog, at, relation.getValue()));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, List<String>> phases(EntityFields fields, PluginCatalog catalog, NodePath base,
                                                    JsonNode phases) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> phase : phases.properties()) {
            NodePath at = base.key(phase.getKey());
            if (!PHASES.contains(phase.getKey())) {
                fields.report(at, "unknown phase '" + phase.getKey() + "'; expected one of: " + String.join(", ", PHASES));
            } else if (!phase.getValue().isArray()) {
                fields.report(at, "expected a list of plugin names, got " + Json.describe(phase.getValue()));
            } else {
                result.put(phase.getKey(), pluginNames(fields, catalog, at, phase.getValue()));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static List<String> pluginNames(EntityFields fields, PluginCatalog catalog, NodePath at, JsonNode names) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            JsonNode name = names.get(i);
            if (!name.isTextual()) {
                fields.report(at.index(i), "expected a plugin name, got " + Json.describe(name));
            } else if (catalog.find(name.asText()).isEmpty()) {
                fields.report(at.index(i), catalog.unknownPluginMessage(name.asText()));
            } else {
                result.add(name.asText());
            }
        }
        return List.copyOf(result);
    }
}
