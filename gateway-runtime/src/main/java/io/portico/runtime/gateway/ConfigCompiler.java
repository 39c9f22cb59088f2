package io.portico.runtime.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugin.ConfigException;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugin.ServiceCalls;
import io.portico.plugin.ServiceInfo;
import io.portico.plugin.SharedState;
import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.config.ConfigError;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.config.ConsumerConfig;
import io.portico.runtime.config.DeclarativeConfig;
import io.portico.runtime.config.PluginEntry;
import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.config.ServiceConfig;
import io.portico.runtime.config.UpstreamConfig;
import io.portico.runtime.plugin.ChainBuilder;
import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.OrderingCycleException;
import io.portico.runtime.plugin.PluginChain;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.proxy.UpstreamClient;
import io.portico.runtime.router.Router;
import io.portico.runtime.state.StateStores;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a validated declarative config into a {@link CompiledConfig}: builds every plugin instance, every
 * service's balancer (its client comes from the node's {@link UpstreamClients}), every route's plugin chains,
 * and the router. Problems only visible at this stage (a plugin refusing its config, contradicting plugin
 * ordering) are reported like the loader's, with the line.
 */
public final class ConfigCompiler {
    private static final ObjectMapper FIELDS = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final PluginRegistry registry;
    private final NodeResources resources;

    /** A compiler with node resources of its own (for one-off compiles, such as {@code portico validate}). */
    public ConfigCompiler(PluginRegistry registry) {
        this(registry, new NodeResources());
    }

    /**
     * @param resources the node's upstream clients and state stores: every config compiled here takes its clients
     *                  and plugin state from them, so
     *                reloads reuse the connection pools instead of opening new ones
     */
    public ConfigCompiler(PluginRegistry registry, NodeResources resources) {
        this.registry = registry;
        this.resources = resources;
    }

    /** The node resources the compiled configs use. */
    public NodeResources resources() {
        return resources;
    }

    public CompiledConfig compile(DeclarativeConfig config) throws ConfigValidationException {
        return compile(config, null);
    }

    /**
     * @param text the text {@code config} was read from, kept for the admin API's {@code GET /config}; may be
     *             {@code null}
     */
    public CompiledConfig compile(DeclarativeConfig config, String text) throws ConfigValidationException {
        List<ConfigError> errors = new ArrayList<>();
        Labels labels = new Labels(config);
        Map<String, Consumer> consumers = new HashMap<>();
        Map<String, Consumer> consumersByName = new HashMap<>();
        for (ConsumerConfig c : config.consumers()) {
            Consumer consumer = new Consumer(c.id(), c.username(), c.customId(), groups(c));
            consumers.put(c.id(), consumer);
            if (c.username() != null) {
                consumersByName.put(c.username(), consumer);
            }
        }
        Function<String, Optional<Consumer>> findConsumer = key -> Optional.ofNullable(
                consumers.getOrDefault(key, consumersByName.get(key)));
        Map<String, List<ConsumerCredential>> credentials = credentials(config, consumers);
        ServiceCallTargets calls = new ServiceCallTargets(config);
        List<ChainEntry> entries = buildPlugins(config, labels, findConsumer, credentials, calls, errors);
        Map<String, UpstreamBalancer> upstreams = new HashMap<>();
        for (UpstreamConfig u : config.upstreams()) {
            upstreams.put(u.name(), resources.upstreams().forConfig(u));
        }
        Map<String, ServiceRuntime> services = buildServices(config, upstreams);

        ChainBuilder chains = new ChainBuilder(entries);
        Set<String> consumersWithPlugins = new LinkedHashSet<>();
        for (ChainEntry e : entries) {
            if (e.entry().consumer() != null) {
                consumersWithPlugins.add(e.entry().consumer());
            }
        }
        Map<String, RouteRuntime> routes = new HashMap<>();
        List<RouteConfig> live = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        for (RouteConfig route : config.routes()) {
            ServiceRuntime service = route.service() == null ? null : services.get(route.service());
            if (service != null && !service.config().enabled()) {
                continue; // Kong: routes of a disabled service do not match
            }
            String serviceId = service == null ? null : service.config().id();
            try {
                PluginChain base = chains.chainFor(route.id(), serviceId, null);
                Map<String, PluginChain> perConsumer = new HashMap<>();
                for (String consumerId : consumersWithPlugins) {
                    perConsumer.put(consumerId, chains.chainFor(route.id(), serviceId, consumerId));
                }
                routes.put(route.id(), new RouteRuntime(route, service, base, Map.copyOf(perConsumer)));
                live.add(route);
            } catch (OrderingCycleException e) {
                if (reported.add(e.getMessage())) {
                    ChainEntry first = e.cycle().getFirst();
                    errors.add(new ConfigError(labels.plugin(first.entry()), "ordering", first.entry().line(),
                            e.getMessage() + " (on " + route.label() + ")"));
                }
            }
        }
        if (errors.isEmpty()) {
            try {
                calls.bind(entries, chains, consumersWithPlugins, services, routes);
            } catch (OrderingCycleException e) {
                ChainEntry first = e.cycle().getFirst();
                errors.add(new ConfigError(labels.plugin(first.entry()), "ordering", first.entry().line(),
                        e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(config.source(), errors);
        }
        return new CompiledConfig(config, Router.compile(live), Map.copyOf(routes), Map.copyOf(consumers), text,
                Instant.now(), resources, List.copyOf(entries), Map.copyOf(upstreams),
                Destinations.of(services, upstreams));
    }

    private List<ChainEntry> buildPlugins(DeclarativeConfig config, Labels labels,
                                          Function<String, Optional<Consumer>> findConsumer,
                                          Map<String, List<ConsumerCredential>> credentials,
                                          ServiceCallTargets calls, List<ConfigError> errors) {
        List<ChainEntry> entries = new ArrayList<>();
        for (PluginEntry entry : config.plugins()) {
            if (!entry.enabled()) {
                continue; // Kong: a disabled entry is as if absent, it does not shadow a less specific one
            }
            PluginFactory<?> factory = registry.find(entry.name()).orElse(null);
            if (factory == null) {
                errors.add(new ConfigError(labels.plugin(entry), "name", entry.line(), "unknown plugin '" + entry.name() + "'"));
                continue;
            }
            String scope = labels.scope(entry);
            try {
                Plugin plugin = create(factory, entry.config(), new Context(entry.name(), scope, findConsumer, credentials,
                        resources.state(), calls));
                if (plugin == null) {
                    throw new IllegalStateException("the factory returned no plugin");
                }
                entries.add(new ChainEntry(entry.name(), factory.priority(), plugin, entry, scope));
            } catch (ConfigException e) {
                errors.add(new ConfigError(labels.plugin(entry), "config." + e.field(), entry.line(), e.reason()));
            } catch (RuntimeException e) {
                errors.add(new ConfigError(labels.plugin(entry), "", entry.line(),
                        "the plugin could not start: " + e));
            }
        }
        return entries;
    }

    /** Every consumer's credentials by kind, as plugins see them. */
    private static Map<String, List<ConsumerCredential>> credentials(DeclarativeConfig config,
                                                                     Map<String, Consumer> consumers) {
        Map<String, List<ConsumerCredential>> byKind = new HashMap<>();
        for (ConsumerConfig c : config.consumers()) {
            Consumer consumer = consumers.get(c.id());
            c.credentials().forEach((kind, entries) -> {
                for (int i = 0; i < entries.size(); i++) {
                    JsonNode node = entries.get(i);
                    Map<String, Object> fields = FIELDS.convertValue(node, MAP);
                    String id = node.hasNonNull("id") ? node.get("id").asText()
                            : UUID.nameUUIDFromBytes((kind + ":" + c.id() + ":" + i).getBytes(StandardCharsets.UTF_8))
                            .toString();
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>())
                            .add(new ConsumerCredential(consumer, kind, id, Map.copyOf(nonNull(fields)), c.line()));
                }
            });
        }
        byKind.replaceAll((k, v) -> List.copyOf(v));
        return byKind;
    }

    private static Map<String, Object> nonNull(Map<String, Object> fields) {
        Map<String, Object> out = new HashMap<>(fields);
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    /** The consumer's ACL groups, from its {@code acls} entries. */
    private static List<String> groups(ConsumerConfig consumer) {
        List<String> groups = new ArrayList<>();
        for (var acl : consumer.credentials().getOrDefault("acls", List.of())) {
            if (acl.hasNonNull("group")) {
                groups.add(acl.get("group").asText());
            }
        }
        return groups;
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> Plugin create(PluginFactory<C> factory, Record config, PluginContext context) {
        return factory.create((C) config, context);
    }

    private Map<String, ServiceRuntime> buildServices(DeclarativeConfig config,
                                                      Map<String, UpstreamBalancer> upstreams) {
        Map<String, ServiceRuntime> services = new HashMap<>();
        for (ServiceConfig s : config.services()) {
            // From the node's clients: services that agree on timeouts and TLS share a pool, across reloads too.
            UpstreamClient client = resources.clients().get(s.connectTimeout(), s.readTimeout(), s.writeTimeout(),
                    s.tlsVerify());
            UpstreamBalancer upstream = upstreams.get(s.host());
            UpstreamBalancer picker = upstream != null ? upstream : UpstreamBalancer.single(s.host(), s.port());
            String hostHeader = upstream != null ? upstream.config().hostHeader() : null;
            ServiceInfo info = new ServiceInfo(s.id(), s.name(), s.protocol(), s.host(), s.port(), s.path(), s.tags());
            services.put(s.id(), new ServiceRuntime(s, info, picker, client, hostHeader));
        }
        return services;
    }

    private record Context(String pluginName, String scope, Function<String, Optional<Consumer>> consumers,
                           Map<String, List<ConsumerCredential>> credentialsByKind, StateStores state,
                           ServiceCalls serviceCalls)
            implements PluginContext {
        @Override
        public System.Logger logger() {
            return System.getLogger("io.portico.plugin." + pluginName);
        }

        @Override
        public Optional<Consumer> findConsumer(String idOrUsername) {
            return consumers.apply(idOrUsername);
        }

        @Override
        public List<ConsumerCredential> credentials(String kind) {
            return credentialsByKind.getOrDefault(kind, List.of());
        }

        @Override
        public SharedState sharedState() {
            return state.node();
        }

        @Override
        public SharedState localState() {
            return state.local();
        }

        @Override
        public SharedState sharedState(String redisUrl) {
            try {
                return state.forUrl(redisUrl);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("redis", e.getMessage());
            }
        }
    }

    /** How messages name entities, from their ids. */
    private static final class Labels {
        private final Map<String, String> routes = new HashMap<>();
        private final Map<String, String> services = new HashMap<>();
        private final Map<String, String> consumers = new HashMap<>();

        Labels(DeclarativeConfig config) {
            config.routes().forEach(r -> routes.put(r.id(), r.label()));
            config.services().forEach(s -> services.put(s.id(), s.label()));
            config.consumers().forEach(c -> consumers.put(c.id(), c.label()));
        }

        String scope(PluginEntry e) {
            List<String> parts = new ArrayList<>();
            if (e.consumer() != null) {
                parts.add(consumers.getOrDefault(e.consumer(), "consumer " + e.consumer()));
            }
            if (e.route() != null) {
                parts.add(routes.getOrDefault(e.route(), "route " + e.route()));
            }
            if (e.service() != null) {
                parts.add(services.getOrDefault(e.service(), "service " + e.service()));
            }
            return parts.isEmpty() ? "global" : String.join(" + ", parts);
        }

        String plugin(PluginEntry e) {
            return "plugin \"" + e.name() + "\" on " + scope(e);
        }
    }
}
