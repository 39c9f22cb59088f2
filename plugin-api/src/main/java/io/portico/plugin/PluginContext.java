package io.portico.plugin;

/** What the gateway gives a plugin instance when it is built: its identity and the node's facilities. */
public interface PluginContext {

    /** The plugin's name as in the config. */
    String pluginName();

    /** Where the entry is attached, e.g. {@code route "orders"} or {@code global}; for log lines. */
    String scope();

    /** A logger named after the plugin. */
    System.Logger logger();

    /** The consumer of the config with that id or username (Kong's lookup order), for auth plugins. */
    java.util.Optional<Consumer> findConsumer(String idOrUsername);
}
