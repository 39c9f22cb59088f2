package io.portico.runtime.gateway;

import io.portico.plugin.ServiceInfo;
import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.config.ServiceConfig;
import io.portico.runtime.proxy.UpstreamClient;

/**
 * A service ready to take traffic: its config, its view for plugins, where to send and with which client.
 *
 * @param config     the service's config
 * @param info       the service as plugins see it
 * @param targets    picks the target of each attempt (the upstream's balancer, or the single host)
 * @param client     the pooled HTTP client with the service's timeouts
 * @param hostHeader the Host header an upstream's {@code host_header} imposes, or {@code null}
 */
public record ServiceRuntime(ServiceConfig config, ServiceInfo info, UpstreamBalancer targets, UpstreamClient client,
                             String hostHeader) {
}
