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

    /**
     * The node's shared state: Redis when the node runs with {@code --redis}, else this node's memory. Lives as long
     * as the node (across config reloads).
     */
    default SharedState sharedState() {
        throw new UnsupportedOperationException("no shared state in this context");
    }

    /** This node's in-memory state, whatever the node's Redis (for per-node fallbacks such as policy local). */
    default SharedState localState() {
        throw new UnsupportedOperationException("no local state in this context");
    }

    /**
     * State on another Redis than the node's, named by a URL ({@code redis://}, {@code rediss://},
     * {@code redis-sentinel://}, {@code redis-cluster://}; docs/clustering.md). One connection pool per URL per node.
     *
     * @throws ConfigException when the URL is not valid (field {@code redis})
     */
    default SharedState sharedState(String redisUrl) {
        throw new UnsupportedOperationException("no shared state in this context");
    }

    /**
     * Calls to the config's services from inside a request (see {@link ServiceCalls}). {@link ServiceCalls#problem}
     * works while the plugin is built; calls work once the config is in force.
     */
    default ServiceCalls serviceCalls() {
        throw new UnsupportedOperationException("no service calls in this context");
    }
}
