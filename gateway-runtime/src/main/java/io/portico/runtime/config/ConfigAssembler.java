package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.runtime.router.RouteConflict;
import io.portico.runtime.router.RouteConflicts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a whole declarative config: reads every entity wherever it is declared (top level or nested), gives nested
 * entities the scope their nesting implies, resolves references to ids, and runs the checks that span entities
 * (duplicates, route conflicts). Problems go to {@link Problems}; the caller decides what to do with them.
 */
final class ConfigAssembler {
    private static final List<String> FORMAT_VERSIONS = List.of("3.0", "2.1");
    /** Kong entities a Kong file may hold that Portico has no use for: named, not "unknown". */
    private static final List<String> UNSUPPORTED_KONG_ENTITIES = List.of("certificates", "ca_certificates", "snis",
            "vaults", "consumer_groups", "keys", "key_sets", "filter_chains", "workspaces", "licenses");
    private static final String TOP_LEVEL = "top level";

    private final SourceTree tree;
    private final Problems problems;
    private final PluginParser pluginParser;
    private final ServiceParser serviceParser = new ServiceParser();
    private final RouteParser routeParser = new RouteParser();
    private final ConsumerParser consumerParser = new ConsumerParser();
    private final UpstreamParser upstreamParser = new UpstreamParser();
    private final TargetParser targetParser = new TargetParser();

    private EntityIndex index;
    private final List<ServiceConfig> services = new ArrayList<>();
    private final List<RouteConfig> routes = new ArrayList<>();
    /** Routes read without a problem of their own: only those are compared for conflicts. */
    private final List<RouteConfig> cleanRoutes = new ArrayList<>();
    private final List<ConsumerConfig> consumers = new ArrayList<>();
    private final List<UpstreamConfig> upstreams = new ArrayList<>();
    private final List<Placed<PluginEntry>> plugins = new ArrayList<>();

    ConfigAssembler(SourceTree tree, PluginParser pluginParser, Problems problems) {
        this.tree = tree;
        this.problems = problems;
        this.pluginParser = pluginParser;
    }

    /** The config, or {@code null} when there is nothing to build one from; check {@link Problems} either way. */
    DeclarativeConfig assemble(String source, String hash) {
        if (tree.root().isMissingNode()) {
            problems.add(TOP_LEVEL, "", 0, "the config is empty; it needs at least _format_version: \"3.0\"");
            return null;
        }
        EntityFields top = new EntityFields(tree, NodePath.ROOT, TOP_LEVEL, problems);
        if (!top.isObject()) {
            return null;
        }
        String formatVersion = formatVersion(top);
        readFileSettings(top);
        index = EntityIndex.build(tree, problems);

        Map<String, Map<String, List<JsonNode>>> credentials = topLevelCredentials(top);
        top.list("services").forEach(this::service);
        top.list("routes").forEach(path -> route(path, null));
        top.list("consumers").forEach(path -> consumer(path, credentials));
        Map<String, List<Placed<TargetConfig>>> targets = topLevelTargets(top);
        top.list("upstreams").forEach(path -> upstream(path, targets));
        top.list("plugins").forEach(this::topLevelPlugin);
        UNSUPPORTED_KONG_ENTITIES.forEach(top::notSupported);
        top.finish();

        PluginDuplicates.check(plugins, tree, problems);
        checkRouteConflicts();
        // nested entities were read with their parents: give routes and plugins back in file order
        List<RouteConfig> routesInFileOrder = routes.stream()
                .sorted(Comparator.comparingInt(RouteConfig::line)).toList();
        List<PluginEntry> pluginsInFileOrder = plugins.stream().map(Placed::value)
                .sorted(Comparator.comparingInt(PluginEntry::line)).toList();
        return new DeclarativeConfig(formatVersion, List.copyOf(services), routesInFileOrder,
                List.copyOf(consumers), pluginsInFileOrder, List.copyOf(upstreams), source, hash);
    }

    private String formatVersion(EntityFields top) {
        JsonNode version = top.value("_format_version");
        if (version == null) {
            top.report("_format_version", "required field missing; the file must start with _format_version: \"3.0\"");
            return null;
        }
        if (version.isNumber()) {
            top.report("_format_version", "expected a string; quote it: _format_version: \"" + version + "\"");
            return null;
        }
        if (!version.isTextual() || !FORMAT_VERSIONS.contains(version.asText())) {
            top.report("_format_version", "expected \"3.0\" (or \"2.1\"); got " + version);
            return null;
        }
        return version.asText();
    }

    /** Kong's file-wide settings: {@code _transform: true} is what Portico does anyway; the rest it cannot do. */
    private static void readFileSettings(EntityFields top) {
        Boolean transform = top.bool("_transform");
        if (Boolean.FALSE.equals(transform)) {
            top.report("_transform", "'_transform: false' (credentials already hashed) is not supported by Portico");
        }
        top.notSupported("_workspace");
    }

    private EntityFields fields(NodePath path, String label) {
        return new EntityFields(tree, path, label, problems);
    }

    private void service(NodePath path) {
        EntityIndex.Entry entry = index.at(path);
        EntityFields fields = fields(path, entry.label());
        if (!fields.isObject()) {
            return;
        }
        ServiceConfig service = serviceParser.parse(fields, entry);
        services.add(service);
        List<NodePath> nestedRoutes = fields.list("routes");
        List<NodePath> nestedPlugins = fields.list("plugins");
        fields.finish();
        nestedRoutes.forEach(route -> route(route, service.id()));
        nestedPlugins.forEach(plugin -> nestedPlugin(plugin, PluginScope.nestedUnder(entry)));
    }

    /** @param parentService the id of the service it is nested under, or {@code null} at the top level */
    private void route(NodePath path, String parentService) {
        EntityIndex.Entry entry = index.at(path);
        EntityFields fields = fields(path, entry.label());
        if (!fields.isObject()) {
            return;
        }
        int before = problems.count();
        String service;
        if (parentService != null) {
            fields.forbidden("service", "must not be set on a route nested under a service: the nesting sets it");
            service = parentService;
        } else {
            service = References.resolve(fields, "service", index, EntityIndex.Kind.SERVICE);
        }
        RouteConfig route = routeParser.parse(fields, entry, service);
        routes.add(route);
        List<NodePath> nestedPlugins = fields.list("plugins");
        fields.finish();
        if (problems.count() == before) {
            cleanRoutes.add(route);
        }
        nestedPlugins.forEach(plugin -> nestedPlugin(plugin, PluginScope.nestedUnder(entry)));
    }

    private void consumer(NodePath path, Map<String, Map<String, List<JsonNode>>> topLevelCredentials) {
        EntityIndex.Entry entry = index.at(path);
        EntityFields fields = fields(path, entry.label());
        if (!fields.isObject()) {
            return;
        }
        consumers.add(consumerParser.parse(fields, entry, topLevelCredentials.getOrDefault(entry.id(), Map.of())));
        List<NodePath> nestedPlugins = fields.list("plugins");
        fields.finish();
        nestedPlugins.forEach(plugin -> nestedPlugin(plugin, PluginScope.nestedUnder(entry)));
    }

    /**
     * Credentials declared at the top level with a {@code consumer} reference, by consumer id and kind; the
     * reference is taken out so that they look like nested ones. Their other fields belong to the auth plugins.
     */
    private Map<String, Map<String, List<JsonNode>>> topLevelCredentials(EntityFields top) {
        Map<String, Map<String, List<JsonNode>>> byConsumer = new HashMap<>();
        for (String kind : ConsumerParser.CREDENTIAL_KINDS) {
            for (NodePath path : top.list(kind)) {
                EntityFields fields = fields(path, path.label());
                if (!fields.isObject()) {
                    continue;
                }
                if (!fields.has("consumer")) {
                    fields.report("consumer", "required field missing: the consumer the credential belongs to");
                }
                String consumer = References.resolve(fields, "consumer", index, EntityIndex.Kind.CONSUMER);
                if (consumer != null) {
                    ObjectNode credential = ((ObjectNode) tree.node(path)).deepCopy();
                    credential.remove("consumer");
                    byConsumer.computeIfAbsent(consumer, id -> new LinkedHashMap<>())
                            .computeIfAbsent(kind, k -> new ArrayList<>())
                            .add(ConsumerParser.withHashedPassword(kind, credential));
                }
            }
        }
        ConsumerParser.UNSUPPORTED_CREDENTIAL_KINDS.forEach(top::notSupported);
        return byConsumer;
    }

    /** Targets declared at the top level with an {@code upstream} reference, by upstream id. */
    private Map<String, List<Placed<TargetConfig>>> topLevelTargets(EntityFields top) {
        Map<String, List<Placed<TargetConfig>>> byUpstream = new HashMap<>();
        for (NodePath path : top.list("targets")) {
            EntityFields fields = fields(path, TargetParser.label(path, tree.text(path.key("target")), null));
            if (!fields.isObject()) {
                continue;
            }
            if (!fields.has("upstream")) {
                fields.report("upstream", "required field missing: the upstream the target belongs to");
            }
            String upstream = References.resolve(fields, "upstream", index, EntityIndex.Kind.UPSTREAM);
            TargetConfig target = targetParser.parse(fields);
            fields.finish();
            if (target != null && upstream != null) {
                byUpstream.computeIfAbsent(upstream, id -> new ArrayList<>())
                        .add(new Placed<>(target, fields.entity(), path));
            }
        }
        return byUpstream;
    }

    private void upstream(NodePath path, Map<String, List<Placed<TargetConfig>>> topLevelTargets) {
        EntityIndex.Entry entry = index.at(path);
        EntityFields fields = fields(path, entry.label());
        if (!fields.isObject()) {
            return;
        }
        List<Placed<TargetConfig>> targets = new ArrayList<>();
        for (NodePath targetPath : fields.list("targets")) {
            EntityFields target = fields(targetPath,
                    TargetParser.label(targetPath, tree.text(targetPath.key("target")), entry.label()));
            if (!target.isObject()) {
                continue;
            }
            target.forbidden("upstream", "must not be set on a target nested under an upstream: the nesting sets it");
            TargetConfig parsed = targetParser.parse(target);
            target.finish();
            if (parsed != null) {
                targets.add(new Placed<>(parsed, target.entity(), targetPath));
            }
        }
        targets.addAll(topLevelTargets.getOrDefault(entry.id(), List.of()));
        checkTargetDuplicates(targets, entry.label());
        upstreams.add(upstreamParser.parse(fields, entry, targets.stream().map(Placed::value).toList()));
        fields.finish();
    }

    private void checkTargetDuplicates(List<Placed<TargetConfig>> targets, String upstream) {
        Map<String, Placed<TargetConfig>> seen = new HashMap<>();
        for (Placed<TargetConfig> target : targets) {
            Placed<TargetConfig> first = seen.putIfAbsent(target.value().target(), target);
            if (first != null) {
                problems.add(target.label(), "target", tree.lineOf(target.path().key("target")), "duplicate target '"
                        + target.value().target() + "' of " + upstream + ": already declared at line "
                        + tree.lineOf(first.path()));
            }
        }
    }

    private void topLevelPlugin(NodePath path) {
        String name = tree.text(path.key("name"));
        EntityFields fields = fields(path, PluginParser.label(path, name, PluginScope.TOP_LEVEL));
        if (!fields.isObject()) {
            return;
        }
        int before = problems.count();
        String service = References.resolve(fields, "service", index, EntityIndex.Kind.SERVICE);
        String route = References.resolve(fields, "route", index, EntityIndex.Kind.ROUTE);
        String consumer = References.resolve(fields, "consumer", index, EntityIndex.Kind.CONSUMER);
        boolean scopeKnown = problems.count() == before;
        PluginEntry entry = pluginParser.parse(fields, new PluginScope(service, route, consumer, null));
        fields.finish();
        if (scopeKnown) { // a dangling reference would make the entry look global and clash with a real global one
            plugins.add(new Placed<>(entry, fields.entity(), path));
        }
    }

    private void nestedPlugin(NodePath path, PluginScope scope) {
        EntityFields fields = fields(path, PluginParser.label(path, tree.text(path.key("name")), scope));
        if (!fields.isObject()) {
            return;
        }
        for (String reference : List.of("service", "route", "consumer")) {
            fields.forbidden(reference, "must not be set on a plugin nested under " + scope.owner()
                    + ": the nesting sets its scope; declare the plugin at the top level to combine scopes");
        }
        PluginEntry entry = pluginParser.parse(fields, scope);
        fields.finish();
        plugins.add(new Placed<>(entry, fields.entity(), path));
    }

    /** Routes the router could not tell apart; reported on the later one. */
    private void checkRouteConflicts() {
        Map<String, String> labels = new HashMap<>();
        for (RouteConfig route : cleanRoutes) {
            labels.put(route.id(), index.findById(EntityIndex.Kind.ROUTE, route.id())
                    .map(EntityIndex.Entry::label).orElse(route.label()));
        }
        // nested routes were read with their services: put all back in file order, so "second" means later
        List<RouteConfig> inFileOrder = new ArrayList<>(cleanRoutes);
        inFileOrder.sort(Comparator.comparingInt(RouteConfig::line));
        for (RouteConflict conflict : RouteConflicts.find(inFileOrder)) {
            RouteConfig first = conflict.first();
            RouteConfig second = conflict.second();
            problems.add(labels.getOrDefault(second.id(), second.label()), "", second.line(), "conflicts with "
                    + labels.getOrDefault(first.id(), first.label()) + " at line " + first.line() + ": "
                    + conflict.reason());
        }
    }
}
