package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every entity that others can refer to (services, routes, consumers, upstreams), found in a first pass over the
 * file before any entity is read: a reference may point forwards (a route before its service), and each entity's
 * id and label must be the same wherever it is mentioned. Duplicate names and ids are reported here.
 */
final class EntityIndex {

    enum Kind {
        SERVICE("service"), ROUTE("route"), CONSUMER("consumer"), UPSTREAM("upstream");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /**
     * One referable entity.
     *
     * @param id    the id from the file, or a derived one
     * @param name  its name (a consumer's username), or {@code null}
     * @param label how messages name it, e.g. {@code service "orders"} or {@code routes[2]}
     * @param path  where it is in the file
     */
    record Entry(Kind kind, String id, String name, String label, NodePath path) {
    }

    private final Map<NodePath, Entry> byPath = new HashMap<>();
    private final Map<Kind, Map<String, Entry>> byName = new EnumMap<>(Kind.class);
    private final Map<Kind, Map<String, Entry>> byId = new EnumMap<>(Kind.class);
    private final Map<String, Entry> byCustomId = new HashMap<>();
    private final SourceTree tree;
    private final Problems problems;

    private EntityIndex(SourceTree tree, Problems problems) {
        this.tree = tree;
        this.problems = problems;
        for (Kind kind : Kind.values()) {
            byName.put(kind, new HashMap<>());
            byId.put(kind, new HashMap<>());
        }
    }

    static EntityIndex build(SourceTree tree, Problems problems) {
        EntityIndex index = new EntityIndex(tree, problems);
        index.indexAll();
        return index;
    }

    /** The entry of the entity at {@code path} (indexed in the first pass). */
    Entry at(NodePath path) {
        Entry entry = byPath.get(path);
        if (entry == null) {
            throw new IllegalStateException("not indexed: " + path);
        }
        return entry;
    }

    /** The entity of that kind with that name (a consumer's username) or, failing that, that id. */
    Optional<Entry> find(Kind kind, String nameOrId) {
        return findByName(kind, nameOrId).or(() -> findById(kind, nameOrId));
    }

    Optional<Entry> findByName(Kind kind, String name) {
        return Optional.ofNullable(byName.get(kind).get(name));
    }

    Optional<Entry> findById(Kind kind, String id) {
        return Optional.ofNullable(byId.get(kind).get(id));
    }

    private void indexAll() {
        NodePath services = NodePath.ROOT.key("services");
        forEachElement(services, service -> {
            Entry entry = add(Kind.SERVICE, service, "name", "services");
            forEachElement(service.key("routes"), route -> addNestedRoute(route, entry));
        });
        forEachElement(NodePath.ROOT.key("routes"), route -> add(Kind.ROUTE, route, "name", "routes"));
        forEachElement(NodePath.ROOT.key("consumers"), this::addConsumer);
        forEachElement(NodePath.ROOT.key("upstreams"), upstream -> add(Kind.UPSTREAM, upstream, "name", "upstreams"));
    }

    private Entry add(Kind kind, NodePath path, String nameKey, String listName) {
        String name = tree.text(path.key(nameKey));
        String label = name != null ? kind.word + " \"" + name + "\"" : listName + "[" + lastIndex(path) + "]";
        return register(kind, path, name, label, nameKey);
    }

    /** An unnamed nested route is told apart by its service: {@code routes[0] of service "orders"}. */
    private void addNestedRoute(NodePath path, Entry service) {
        String name = tree.text(path.key("name"));
        String label = name != null ? "route \"" + name + "\"" : "routes[" + lastIndex(path) + "] of " + service.label();
        register(Kind.ROUTE, path, name, label, "name");
    }

    private void addConsumer(NodePath path) {
        String username = tree.text(path.key("username"));
        String customId = tree.text(path.key("custom_id"));
        String label = username != null ? "consumer \"" + username + "\""
                : customId != null ? "consumer with custom_id \"" + customId + "\""
                : "consumers[" + lastIndex(path) + "]";
        Entry entry = register(Kind.CONSUMER, path, username, label, "username");
        if (customId != null) {
            Entry first = byCustomId.putIfAbsent(customId, entry);
            if (first != null) {
                duplicate(entry, "custom_id", "custom_id '" + customId + "'", first);
            }
        }
    }

    private Entry register(Kind kind, NodePath path, String name, String label, String nameKey) {
        String explicitId = tree.text(path.key("id"));
        String derivedKey = name != null ? name : (kind == Kind.CONSUMER && tree.text(path.key("custom_id")) != null)
                ? "custom_id:" + tree.text(path.key("custom_id")) : path.label();
        String id = explicitId != null ? explicitId : StableIds.derive(kind.word, derivedKey);
        Entry entry = new Entry(kind, id, name, label, path);
        byPath.put(path, entry);
        if (name != null) {
            Entry first = byName.get(kind).putIfAbsent(name, entry);
            if (first != null) {
                duplicate(entry, nameKey, nameKey + " '" + name + "'", first);
            }
        }
        Entry firstWithId = byId.get(kind).putIfAbsent(id, entry);
        if (firstWithId != null && explicitId != null) {
            duplicate(entry, "id", "id '" + id + "'", firstWithId);
        }
        return entry;
    }

    private void duplicate(Entry entry, String field, String what, Entry first) {
        problems.add(entry.label(), field, tree.lineOf(entry.path().key(field)), "duplicate " + entry.kind().word
                + " " + what + ": already used by " + first.label() + " at line " + tree.lineOf(first.path()));
    }

    private void forEachElement(NodePath list, java.util.function.Consumer<NodePath> action) {
        JsonNode node = tree.node(list);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                action.accept(list.index(i));
            }
        }
    }

    private static int lastIndex(NodePath path) {
        return (Integer) path.steps().get(path.steps().size() - 1);
    }
}
