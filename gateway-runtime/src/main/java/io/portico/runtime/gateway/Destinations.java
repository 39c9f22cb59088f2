package io.portico.runtime.gateway;

import io.portico.runtime.balancer.Target;
import io.portico.runtime.balancer.TargetPicker;
import io.portico.runtime.balancer.WeightedRoundRobin;
import io.portico.runtime.config.UpstreamConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a plugin may send a request instead of its route's service ({@code Exchange.setUpstream}): the services of
 * the config by name and id, and its upstreams by name. Built once per config.
 */
public final class Destinations {
    private final Map<String, ServiceRuntime> services;
    private final Map<String, UpstreamTargets> upstreams;

    private record UpstreamTargets(TargetPicker picker, String hostHeader) {
    }

    private Destinations(Map<String, ServiceRuntime> services, Map<String, UpstreamTargets> upstreams) {
        this.services = services;
        this.upstreams = upstreams;
    }

    static Destinations of(Map<String, ServiceRuntime> servicesById, List<UpstreamConfig> upstreamConfigs) {
        Map<String, ServiceRuntime> services = new HashMap<>();
        servicesById.forEach((id, s) -> {
            services.put(id, s);
            if (s.config().name() != null) {
                services.put(s.config().name(), s);
            }
        });
        Map<String, UpstreamTargets> upstreams = new HashMap<>();
        for (UpstreamConfig u : upstreamConfigs) {
            upstreams.put(u.name(), new UpstreamTargets(new WeightedRoundRobin(u.targets().stream()
                    .map(t -> new Target(t.host(), t.port(), t.weight())).toList()), u.hostHeader()));
        }
        return new Destinations(Map.copyOf(services), Map.copyOf(upstreams));
    }

    /**
     * The service a request goes to once a plugin named {@code name}.
     *
     * @param current the service the request would go to now, or {@code null} for a route without a service
     * @throws IllegalArgumentException when no service or upstream has that name, or an upstream is named on a
     *                                  route without a service (whose protocol and timeouts it would use)
     */
    public ServiceRuntime resolve(String name, ServiceRuntime current) {
        ServiceRuntime service = services.get(name);
        if (service != null) {
            return service;
        }
        UpstreamTargets upstream = upstreams.get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("no service or upstream named '" + name + "'");
        }
        if (current == null) {
            throw new IllegalArgumentException("upstream '" + name + "' named on a route without a service:"
                    + " name a service instead");
        }
        return new ServiceRuntime(current.config(), current.info(), upstream.picker(), current.client(),
                upstream.hostHeader());
    }
}
