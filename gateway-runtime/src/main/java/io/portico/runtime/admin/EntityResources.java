package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.runtime.config.ConsumerConfig;
import io.portico.runtime.config.DeclarativeConfig;
import io.portico.runtime.config.PluginEntry;
import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.config.ServiceConfig;
import io.portico.runtime.config.TargetConfig;
import io.portico.runtime.config.UpstreamConfig;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.Gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The read-only entity endpoints of a DB-less Kong: services, routes, consumers, plugins, upstreams and targets,
 * each as a paged list and by id or name, plus the nested lists ({@code /services/{x}/routes}, ...). Every call
 * reads the config in force once, so a page never mixes two configs.
 *
 * <p>Lists are Kong's <code>{"data": [...], "next": ...}</code>: {@code size} (1 to 1000, default 100) entities
 * per page, {@code next} the path of the following page or {@code null}, {@code offset} its opaque cursor.
 * {@code ?tags=a,b} keeps entities with both tags, {@code ?tags=a/b} those with either.
 */
final class EntityResources {
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;

    private final Gateway gateway;

    EntityResources(Gateway gateway) {
        this.gateway = gateway;
    }

    void register(AdminRouter router) {
        router.get("/services", call -> list(call, "/services", c -> c.config().services(), ServiceConfig::tags,
                        EntityJson::service))
                .get("/services/{}", call -> one(call, service(call.param(0)), EntityJson::service))
                .get("/services/{}/routes", call -> nested(call, service(call.param(0)), (c, s) -> c.config().routes()
                        .stream().filter(r -> s.id().equals(r.service())).toList(), RouteConfig::tags,
                        EntityJson::route))
                .get("/services/{}/plugins", call -> nested(call, service(call.param(0)), (c, s) -> c.config()
                        .plugins().stream().filter(p -> s.id().equals(p.service())).toList(), PluginEntry::tags,
                        EntityJson::plugin))
                .get("/routes", call -> list(call, "/routes", c -> c.config().routes(), RouteConfig::tags,
                        EntityJson::route))
                .get("/routes/{}", call -> one(call, route(call.param(0)), EntityJson::route))
                .get("/routes/{}/service", call -> one(call, c -> route(call.param(0)).apply(c)
                        .flatMap(r -> find(c.config().services(), s -> s.id().equals(r.service()))),
                        EntityJson::service))
                .get("/routes/{}/plugins", call -> nested(call, route(call.param(0)), (c, r) -> c.config()
                        .plugins().stream().filter(p -> r.id().equals(p.route())).toList(), PluginEntry::tags,
                        EntityJson::plugin))
                .get("/consumers", call -> list(call, "/consumers", c -> c.config().consumers(),
                        ConsumerConfig::tags, EntityJson::consumer))
                .get("/consumers/{}", call -> one(call, consumer(call.param(0)), EntityJson::consumer))
                .get("/consumers/{}/plugins", call -> nested(call, consumer(call.param(0)), (c, consumer) -> c.config()
                        .plugins().stream().filter(p -> consumer.id().equals(p.consumer())).toList(),
                        PluginEntry::tags, EntityJson::plugin))
                .get("/plugins", call -> list(call, "/plugins", c -> c.config().plugins(), PluginEntry::tags,
                        EntityJson::plugin))
                .get("/plugins/{}", call -> one(call, c -> find(c.config().plugins(),
                        p -> p.id().equals(call.param(0))), EntityJson::plugin))
                .get("/upstreams", call -> list(call, "/upstreams", c -> c.config().upstreams(),
                        UpstreamConfig::tags, EntityJson::upstream))
                .get("/upstreams/{}", call -> one(call, upstream(call.param(0)), EntityJson::upstream))
                .get("/upstreams/{}/targets", call -> nested(call, upstream(call.param(0)), (c, u) -> u.targets()
                        .stream().map(t -> new OwnedTarget(u, t)).toList(), t -> t.target().tags(),
                        (json, t) -> json.target(t.upstream(), t.target())))
                .get("/upstreams/{}/targets/{}", call -> one(call, c -> upstream(call.param(0)).apply(c)
                        .flatMap(u -> find(u.targets(), t -> t.target().equals(call.param(1))
                                || EntityJson.targetId(u, t).equals(call.param(1))).map(t -> new OwnedTarget(u, t))),
                        (json, t) -> json.target(t.upstream(), t.target())));
    }

    private record OwnedTarget(UpstreamConfig upstream, TargetConfig target) {
    }

    // ---- lookups: by id, else by name (Kong's "{name or id}") ----

    private static Function<CompiledConfig, Optional<ServiceConfig>> service(String key) {
        return c -> find(c.config().services(), s -> s.id().equals(key))
                .or(() -> find(c.config().services(), s -> key.equals(s.name())));
    }

    private static Function<CompiledConfig, Optional<RouteConfig>> route(String key) {
        return c -> find(c.config().routes(), r -> r.id().equals(key))
                .or(() -> find(c.config().routes(), r -> key.equals(r.name())));
    }

    private static Function<CompiledConfig, Optional<ConsumerConfig>> consumer(String key) {
        return c -> find(c.config().consumers(), x -> x.id().equals(key))
                .or(() -> find(c.config().consumers(), x -> key.equals(x.username())));
    }

    private static Function<CompiledConfig, Optional<UpstreamConfig>> upstream(String key) {
        return c -> find(c.config().upstreams(), u -> u.id().equals(key))
                .or(() -> find(c.config().upstreams(), u -> key.equals(u.name())));
    }

    private static <T> Optional<T> find(List<T> items, Predicate<T> test) {
        for (T item : items) {
            if (test.test(item)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    // ---- rendering ----

    @FunctionalInterface
    private interface Render<T> {
        ObjectNode render(EntityJson json, T entity);
    }

    @FunctionalInterface
    private interface Children<P, T> {
        List<T> of(CompiledConfig config, P parent);
    }

    private <T> void one(AdminRouter.Call call, Function<CompiledConfig, Optional<T>> lookup, Render<T> render) {
        CompiledConfig config = gateway.config();
        Optional<T> entity = lookup.apply(config);
        if (entity.isEmpty()) {
            AdminJson.sendMessage(call.res(), 404, "Not found");
            return;
        }
        AdminJson.send(call.res(), 200, render.render(json(config), entity.get()));
    }

    private <T> void list(AdminRouter.Call call, String path, Function<CompiledConfig, List<T>> items,
                          Function<T, List<String>> tags, Render<T> render) {
        CompiledConfig config = gateway.config();
        page(call, path, config, items.apply(config), tags, render);
    }

    private <P, T> void nested(AdminRouter.Call call, Function<CompiledConfig, Optional<P>> parent,
                               Children<P, T> children, Function<T, List<String>> tags, Render<T> render) {
        CompiledConfig config = gateway.config();
        Optional<P> found = parent.apply(config);
        if (found.isEmpty()) {
            AdminJson.sendMessage(call.res(), 404, "Not found");
            return;
        }
        page(call, call.req().path().path(), config, children.of(config, found.get()), tags, render);
    }

    private <T> void page(AdminRouter.Call call, String path, CompiledConfig config, List<T> all,
                          Function<T, List<String>> tags, Render<T> render) {
        var query = call.req().query();
        int size = DEFAULT_PAGE_SIZE;
        if (query.contains("size")) {
            try {
                size = Integer.parseInt(query.get("size"));
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                AdminJson.sendMessage(call.res(), 400, "size must be an integer between 1 and " + MAX_PAGE_SIZE);
                return;
            }
        }
        int start = 0;
        if (query.contains("offset")) {
            start = decodeOffset(query.get("offset"));
            if (start < 0) {
                AdminJson.sendMessage(call.res(), 400, "invalid offset");
                return;
            }
        }
        String tagFilter = query.contains("tags") ? query.get("tags") : null;
        Predicate<T> keep;
        try {
            keep = tagFilter(tagFilter, tags);
        } catch (IllegalArgumentException e) {
            AdminJson.sendMessage(call.res(), 400, e.getMessage());
            return;
        }
        List<T> selected = tagFilter == null ? all : all.stream().filter(keep).toList();

        EntityJson json = json(config);
        ObjectNode body = AdminJson.object();
        ArrayNode data = body.putArray("data");
        int end = Math.min(selected.size(), start + size);
        for (int i = start; i < end; i++) {
            data.add(render.render(json, selected.get(i)));
        }
        if (end < selected.size()) {
            String offset = encodeOffset(end);
            body.put("offset", offset);
            body.put("next", path + "?offset=" + offset
                    + (query.contains("size") ? "&size=" + size : "")
                    + (tagFilter == null ? "" : "&tags=" + URLEncoder.encode(tagFilter, StandardCharsets.UTF_8)));
        } else {
            body.putNull("next");
        }
        AdminJson.send(call.res(), 200, body);
    }

    /** Kong's tag filter: {@code a,b} all of them, {@code a/b} any of them; not both in one filter. */
    private static <T> Predicate<T> tagFilter(String filter, Function<T, List<String>> tags) {
        if (filter == null) {
            return t -> true;
        }
        boolean and = filter.contains(",");
        boolean or = filter.contains("/");
        if (and && or) {
            throw new IllegalArgumentException("invalid option (tags: cannot mix 'or' and 'and')");
        }
        List<String> wanted = List.of(filter.split(and ? "," : "/"));
        return entity -> {
            List<String> has = Objects.requireNonNullElse(tags.apply(entity), List.of());
            return or ? wanted.stream().anyMatch(has::contains) : has.containsAll(wanted);
        };
    }

    private static String encodeOffset(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("i" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeOffset(String offset) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(offset), StandardCharsets.UTF_8);
            if (!text.startsWith("i")) {
                return -1;
            }
            int index = Integer.parseInt(text.substring(1));
            return index < 0 ? -1 : index;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static EntityJson json(CompiledConfig config) {
        return new EntityJson(config.loadedAt().getEpochSecond());
    }

    /** Every entity of a config, as {@code POST /config} answers (lists, not pages). */
    static ObjectNode all(CompiledConfig config) {
        EntityJson json = json(config);
        DeclarativeConfig c = config.config();
        ObjectNode body = AdminJson.object();
        body.put("configuration_hash", c.hash());
        ArrayNode services = body.putArray("services");
        c.services().forEach(s -> services.add(json.service(s)));
        ArrayNode routes = body.putArray("routes");
        c.routes().forEach(r -> routes.add(json.route(r)));
        ArrayNode consumers = body.putArray("consumers");
        c.consumers().forEach(x -> consumers.add(json.consumer(x)));
        ArrayNode plugins = body.putArray("plugins");
        c.plugins().forEach(p -> plugins.add(json.plugin(p)));
        ArrayNode upstreams = body.putArray("upstreams");
        ArrayNode targets = body.putArray("targets");
        List<ObjectNode> targetNodes = new ArrayList<>();
        for (UpstreamConfig u : c.upstreams()) {
            upstreams.add(json.upstream(u));
            u.targets().forEach(t -> targetNodes.add(json.target(u, t)));
        }
        targets.addAll(targetNodes);
        return body;
    }
}
