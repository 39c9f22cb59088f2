package io.portico.runtime.plugin;

import io.portico.plugin.Plugin;
import io.portico.runtime.config.PluginEntry;

/**
 * One plugin in a chain: the built instance, the config entry it came from, and how log lines name it.
 *
 * @param name     the plugin's name
 * @param priority the factory's priority (higher runs first)
 * @param plugin   the instance (shared by every chain the entry applies to)
 * @param entry    the config entry
 * @param scope    where the entry is attached, e.g. {@code route "orders"} or {@code global}
 */
public record ChainEntry(String name, int priority, Plugin plugin, PluginEntry entry, String scope) {
}
