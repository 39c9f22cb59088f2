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

    /**
     * Every credential of that kind ({@code keyauth_credentials}, {@code basicauth_credentials},
     * {@code jwt_secrets}, {@code acls}) of every consumer of the config, for auth plugins to index when built.
     */
    default java.util.List<ConsumerCredential> credentials(String kind) {
        return java.util.List.of();
    }
}
