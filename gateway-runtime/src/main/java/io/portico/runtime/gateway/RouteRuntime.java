package io.portico.runtime.gateway;

import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.plugin.PluginChain;

import java.util.Map;

/**
 * A route ready to take traffic: its service and its plugin chains, resolved when the config loaded.
 *
 * @param config         the route's config
 * @param service        its service, or {@code null} for a route without one
 * @param chain          the plugins for requests without an identified consumer
 * @param consumerChains the chains of consumers that have plugins of their own, by consumer id
 */
public record RouteRuntime(RouteConfig config, ServiceRuntime service, PluginChain chain,
                           Map<String, PluginChain> consumerChains) {

    /** The chain once that consumer is identified. */
    public PluginChain chainFor(String consumerId) {
        PluginChain specific = consumerId == null ? null : consumerChains.get(consumerId);
        return specific != null ? specific : chain;
    }
}
