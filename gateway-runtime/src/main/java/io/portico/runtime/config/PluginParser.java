package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.plugin.PluginFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one plugin entry (Kong's {@code plugins} schema) of any level, its scope already settled by
 * {@link ConfigAssembler}, and binds its {@code config} to the plugin's record. The plugin factory is asked for its
 * config type only: instances are created elsewhere, once the whole config is valid.
 */
final class PluginParser {
    /** Kong's protocol names; a plugin's {@code protocols} is accepted as written. */
    private static final List<String> KONG_PROTOCOLS =
            List.of("http", "https", "grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss");

    private final PluginCatalog catalog;
    private final PluginConfigBinder binder = new PluginConfigBinder();

    /** Holds no state of a load: one serves every load of a {@link ConfigLoader}. */
    PluginParser(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /** The label of a plugin entry: {@code plugins[2] (rate-limiting)} or {@code plugin "cors" on route "r1"}. */
    static String label(NodePath path, String name, PluginScope scope) {
        String index = "plugins[" + path.steps().get(path.steps().size() - 1) + "]";
        if (scope.owner() == null) {
            return name != null ? index + " (" + name + ")" : index;
        }
        return name != null ? "plugin \"" + name + "\" on " + scope.owner() : index + " of " + scope.owner();
    }

    /** The entry; its config is {@code null} when the name is unknown or the config has problems (reported). */
    PluginEntry parse(EntityFields fields, PluginScope scope) {
        String explicitId = fields.id();
        String name = fields.requiredString("name");
        Optional<PluginFactory<?>> factory = Optional.empty();
        if (name != null) {
            factory = catalog.find(name);
            if (factory.isEmpty()) {
                fields.report("name", catalog.unknownPluginMessage(name));
            }
        }
        fields.name("instance_name");
        boolean enabled = fields.bool("enabled", true);
        readProtocols(fields);
        List<String> tags = fields.tags();
        Map<String, Map<String, List<String>>> ordering = PluginOrdering.read(fields, catalog);
        JsonNode config = fields.value("config");
        Record bound = null;
        if (config != null && !config.isObject()) {
            fields.report("config", "expected an object, got " + Json.describe(config));
        } else if (factory.isPresent()) {
            bound = binder.bind(factory.get().configType(), config, fields);
        }
        String id = explicitId != null ? explicitId : StableIds.derive("plugin", name + "|" + scope.key());
        return new PluginEntry(id, name, enabled, bound, scope.service(), scope.route(), scope.consumer(),
                ordering, tags, fields.line());
    }

    private static void readProtocols(EntityFields fields) {
        List<String> protocols = fields.strings("protocols");
        for (int i = 0; protocols != null && i < protocols.size(); i++) {
            if (!KONG_PROTOCOLS.contains(protocols.get(i))) {
                fields.report(NodePath.ROOT.key("protocols").index(i), "unknown protocol '" + protocols.get(i)
                        + "'; expected one of: " + String.join(", ", KONG_PROTOCOLS));
            }
        }
    }
}
