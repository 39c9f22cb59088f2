package io.portico.runtime.gateway;

import io.portico.runtime.balancer.UpstreamBalancer;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a plugin may send a request instead of its route's service ({@code Exchange.setUpstream}): the services of
 * the config by name and id, and its upstreams by name. Built once per config.
 */
public final class Destinations {
    private final Map<String, ServiceRuntime> services;
    private final Map<String, UpstreamBalancer> upstreams;

    private Destinations(Map<String, ServiceRuntime> services, Map<String, UpstreamBalancer> upstreams) {
        this.services = services;
        this.upstreams = upstreams;
    }

    /** @param upstreams the config's balancers by upstream name (the same ones its services use) */
    static Destinations of(Map<String, ServiceRuntime> servicesById, Map<String, UpstreamBalancer> upstreams) {
        Map<String, ServiceRuntime> services = new HashMap<>();
        servicesById.forEach((id, s) -> {
            services.put(id, s);
            if (s.config().name() != null) {
                services.put(s.config().name(), s);
            }
        });
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
        UpstreamBalancer upstream = upstreams.get(name);
        if (upstream == null) {
            throw new IllegalArgumentException("no service or upstream named '" + name + "'");
        }
        if (current == null) {
            throw new IllegalArgumentException("upstream '" + name + "' named on a route without a service:"
                    + " name a service instead");
        }
        return new ServiceRuntime(current.config(), current.info(), upstream, current.client(),
                upstream.config().hostHeader());
    }
}
