package io.portico.runtime.gateway;

import io.portico.plugin.Consumer;
import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.config.DeclarativeConfig;
import io.portico.runtime.router.Router;

import io.portico.runtime.plugin.ChainEntry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One loaded config, ready for traffic: the router, the routes' services and plugin chains. Immutable; a reload
 * builds a new one off the request path and swaps it in one step, so in-flight requests finish on the config
 * they started with.
 *
 * @param config    the declarative config it was built from
 * @param router    the compiled matcher
 * @param routes    route runtimes by route id
 * @param consumers consumers by id, as plugins see them
 * @param text      the text the config was read from (YAML or JSON), or {@code null} when built from records
 * @param loadedAt  when it was compiled
 * @param resources the node-level upstream clients and state stores it uses; a reload compiles against the same
 *                  ones, so connection pools stay warm and counters survive across configs
 * @param plugins   every enabled plugin entry with its built instance (e.g. for plugins' admin endpoints)
 * @param upstreams the balancers of the config's upstreams, by name (started when the config is put in force)
 * @param destinations the services and upstreams a plugin may send a request to instead ({@code setUpstream})
 */
public record CompiledConfig(DeclarativeConfig config, Router router, Map<String, RouteRuntime> routes,
                             Map<String, Consumer> consumers, String text, Instant loadedAt,
                             NodeResources resources, List<ChainEntry> plugins,
                             Map<String, UpstreamBalancer> upstreams, Destinations destinations) {

    /** The node's upstream clients. */
    public UpstreamClients clients() {
        return resources.clients();
    }

    /** This config is now in force: its upstreams' health checks start, those of upstreams it dropped stop. */
    public void activate() {
        resources.upstreams().activate(upstreams);
    }
}
