package io.portico.runtime.gateway;

import io.portico.plugin.RouteInfo;
import io.portico.runtime.plugin.PluginChain;

import java.util.Map;

/**
 * Where a plugin's call to a service goes and which plugins it passes: the service's and global plugins, plus those
 * of one of its routes when the call names one. Resolved when the config loads.
 *
 * @param service        the target service
 * @param route          the route plugins see ({@code id} {@code null} when the call names none)
 * @param chain          the plugins for the call before a consumer is identified
 * @param consumerChains the chains of consumers that have plugins of their own, by consumer id
 * @param label          how log lines name the target, e.g. {@code service "orders"}
 * @param bodyLimit      the most bytes of the service's answer the call reads
 */
public record CallTarget(ServiceRuntime service, RouteInfo route, PluginChain chain,
                         Map<String, PluginChain> consumerChains, String label, long bodyLimit) {

    /** The chain once that consumer is identified. */
    public PluginChain chainFor(String consumerId) {
        PluginChain specific = consumerId == null ? null : consumerChains.get(consumerId);
        return specific != null ? specific : chain;
    }
}
