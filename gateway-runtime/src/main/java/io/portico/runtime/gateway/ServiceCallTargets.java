package io.portico.runtime.gateway;

import io.portico.plugin.CredentialHeaders;
import io.portico.plugin.Exchange;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.ServiceCalls;
import io.portico.plugin.SubRequest;
import io.portico.plugin.SubResponse;
import io.portico.runtime.config.DeclarativeConfig;
import io.portico.runtime.config.PluginEntry;
import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.config.ServiceConfig;
import io.portico.runtime.plugin.ChainBuilder;
import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.OrderingCycleException;
import io.portico.runtime.plugin.PluginChain;
import io.portico.runtime.proxy.SubRequestCycle;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link ServiceCalls} of one config. While the config compiles it answers what can be called (services and
 * routes of the config); once compiled ({@link #bind}) it runs calls through the target's plugins.
 *
 * <p>Which plugins a call passes: the global and service plugins (and consumer ones, once its auth identifies
 * one), plus those of a route of the service when the call names one. A call that names no route to a service
 * whose routes have plugins of their own is refused when the config loads: those plugins (often its auth) would
 * otherwise be skipped.
 */
final class ServiceCallTargets implements ServiceCalls {
    /** The most bytes of a service's answer a call reads when it names no route (else the route's body_buffer_size). */
    static final long DEFAULT_BODY_LIMIT = 8L * 1024 * 1024;

    private final Map<String, ServiceConfig> services = new HashMap<>();
    private final Map<String, RouteConfig> routes = new HashMap<>();
    /** Ids of routes that have plugin entries of their own. */
    private final Set<String> routesWithPlugins = new java.util.HashSet<>();
    private volatile Map<String, CallTarget> targets;
    private volatile Set<String> credentialHeaders = Set.of();

    ServiceCallTargets(DeclarativeConfig config) {
        for (ServiceConfig s : config.services()) {
            services.put(s.id(), s);
            if (s.name() != null) {
                services.put(s.name(), s);
            }
        }
        for (RouteConfig r : config.routes()) {
            routes.put(r.id(), r);
            if (r.name() != null) {
                routes.put(r.name(), r);
            }
        }
        for (PluginEntry p : config.plugins()) {
            if (p.enabled() && p.route() != null) {
                routesWithPlugins.add(p.route());
            }
        }
    }

    @Override
    public String problem(String service, String route) {
        ServiceConfig s = services.get(service);
        if (s == null) {
            return "no service '" + service + "' in the config";
        }
        if (!s.enabled()) {
            return "service '" + service + "' is disabled";
        }
        if (route != null) {
            RouteConfig r = routes.get(route);
            if (r == null) {
                return "no route '" + route + "' in the config";
            }
            return s.id().equals(r.service()) ? null : "route '" + route + "' is not a route of service '" + service + "'";
        }
        List<String> guarded = routes.values().stream().distinct()
                .filter(r -> s.id().equals(r.service()) && routesWithPlugins.contains(r.id()))
                .map(r -> r.name() != null ? r.name() : r.id()).sorted().toList();
        if (!guarded.isEmpty()) {
            return "routes of service '" + service + "' have plugins of their own (" + String.join(", ", guarded)
                    + "): name the route whose plugins the call must pass";
        }
        return null;
    }

    @Override
    public Set<String> credentialHeaders() {
        return credentialHeaders;
    }

    /** Makes calls possible: the targets of every service and route, from the config's plugins and routes. */
    void bind(List<ChainEntry> plugins, ChainBuilder chains, Set<String> consumersWithPlugins,
              Map<String, ServiceRuntime> servicesById, Map<String, RouteRuntime> routeRuntimes)
            throws OrderingCycleException {
        Set<String> headers = new TreeSet<>();
        for (ChainEntry e : plugins) {
            if (e.plugin() instanceof CredentialHeaders c) {
                c.credentialHeaders().forEach(h -> headers.add(h.toLowerCase(Locale.ROOT)));
            }
        }
        Map<String, CallTarget> byKey = new HashMap<>();
        for (ServiceRuntime service : servicesById.values()) {
            String serviceId = service.config().id();
            Map<String, PluginChain> perConsumer = new HashMap<>();
            for (String consumerId : consumersWithPlugins) {
                perConsumer.put(consumerId, chains.chainFor(null, serviceId, consumerId));
            }
            byKey.put(key(serviceId, null), new CallTarget(service,
                    new RouteInfo(null, null, List.of(), null, Map.of()), chains.chainFor(null, serviceId, null),
                    Map.copyOf(perConsumer), service.config().label(), DEFAULT_BODY_LIMIT));
        }
        for (RouteRuntime route : routeRuntimes.values()) {
            if (route.service() != null) {
                RouteConfig r = route.config();
                byKey.put(key(route.service().config().id(), r.id()), new CallTarget(route.service(),
                        new RouteInfo(r.id(), r.name(), r.tags(), null, Map.of()), route.chain(),
                        route.consumerChains(), r.label(), r.bodyBufferSize()));
            }
        }
        this.credentialHeaders = Set.copyOf(headers);
        this.targets = Map.copyOf(byKey);
    }

    @Override
    public SubResponse call(Exchange from, SubRequest request) throws IOException, InterruptedException {
        Map<String, CallTarget> bound = targets;
        if (bound == null) {
            throw new IllegalStateException("calls are possible once the config is in force");
        }
        ServiceConfig s = services.get(request.service());
        RouteConfig r = request.route() == null ? null : routes.get(request.route());
        CallTarget target = s == null ? null : bound.get(key(s.id(), r == null ? null : r.id()));
        if (target == null || request.route() != null && r == null) {
            throw new IllegalArgumentException("no such call target: service '" + request.service() + "'"
                    + (request.route() == null ? "" : ", route '" + request.route() + "'"));
        }
        return SubRequestCycle.run(target, from, request);
    }

    private static String key(String serviceId, String routeId) {
        return routeId == null ? serviceId : serviceId + "/" + routeId;
    }
}
