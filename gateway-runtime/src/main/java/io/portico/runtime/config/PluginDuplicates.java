package io.portico.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kong's uniqueness rules for plugin entries: one entry per plugin name and scope (Kong's cache key is the name
 * with the service, route and consumer), unique ids and unique instance names. Reported on the later entry.
 */
final class PluginDuplicates {
    private PluginDuplicates() {
    }

    static void check(List<Placed<PluginEntry>> plugins, SourceTree tree, Problems problems) {
        Map<String, Placed<PluginEntry>> byScope = new HashMap<>();
        Map<String, Placed<PluginEntry>> byId = new HashMap<>();
        Map<String, Placed<PluginEntry>> byInstanceName = new HashMap<>();
        for (Placed<PluginEntry> plugin : plugins) {
            PluginEntry entry = plugin.value();
            if (entry.name() == null) {
                continue;
            }
            String scope = entry.name() + "|" + entry.service() + "|" + entry.route() + "|" + entry.consumer();
            Placed<PluginEntry> first = byScope.putIfAbsent(scope, plugin);
            if (first != null) {
                report(tree, problems, plugin, "name", "plugin '" + entry.name()
                        + "' is already configured for the same " + describeScope(entry), first);
                continue; // its derived id is the first one's too: said once is enough
            }
            if (tree.text(plugin.path().key("id")) != null && (first = byId.putIfAbsent(entry.id(), plugin)) != null) {
                report(tree, problems, plugin, "id", "duplicate plugin id '" + entry.id() + "'", first);
            }
            String instanceName = tree.text(plugin.path().key("instance_name"));
            if (instanceName != null && (first = byInstanceName.putIfAbsent(instanceName, plugin)) != null) {
                report(tree, problems, plugin, "instance_name", "duplicate instance_name '" + instanceName + "'", first);
            }
        }
    }

    private static void report(SourceTree tree, Problems problems, Placed<PluginEntry> plugin, String field,
                               String message, Placed<PluginEntry> first) {
        problems.add(plugin.label(), field, tree.lineOf(plugin.path().key(field)),
                message + ": see " + first.label() + " at line " + first.value().line());
    }

    private static String describeScope(PluginEntry entry) {
        if (entry.isGlobal()) {
            return "scope (global)";
        }
        List<String> parts = new ArrayList<>();
        if (entry.service() != null) {
            parts.add("service");
        }
        if (entry.route() != null) {
            parts.add("route");
        }
        if (entry.consumer() != null) {
            parts.add("consumer");
        }
        return String.join(" + ", parts);
    }
}
