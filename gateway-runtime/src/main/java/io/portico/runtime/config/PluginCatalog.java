package io.portico.runtime.config;

import io.portico.plugin.PluginFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plugins a config may name: a lookup by name, and the known names for the message when a name is unknown.
 *
 * @param lookup     finds a plugin factory by name
 * @param knownNames every name the lookup knows, sorted; empty when the lookup cannot tell
 */
record PluginCatalog(Function<String, Optional<PluginFactory<?>>> lookup, List<String> knownNames) {

    PluginCatalog {
        knownNames = List.copyOf(knownNames);
    }

    Optional<PluginFactory<?>> find(String name) {
        return lookup.apply(name);
    }

    String unknownPluginMessage(String name) {
        return "unknown plugin '" + name + "'" + (knownNames.isEmpty() ? ""
                : "; known plugins: " + String.join(", ", knownNames));
    }
}
