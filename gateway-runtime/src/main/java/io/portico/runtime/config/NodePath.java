package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a node sits in the config tree: a list of steps, each an object key ({@link String}) or an array index
 * ({@link Integer}). Unlike a JSON pointer it keeps keys and indexes apart, so it renders as the field paths the
 * error messages use ({@code routes[3].paths[0]}, {@code config.status_code}) without consulting the tree.
 */
record NodePath(List<Object> steps) {

    static final NodePath ROOT = new NodePath(List.of());

    NodePath {
        steps = List.copyOf(steps);
    }

    NodePath key(String key) {
        return with(key);
    }

    NodePath index(int index) {
        return with(index);
    }

    /** This path followed by {@code relative}. */
    NodePath append(NodePath relative) {
        List<Object> all = new ArrayList<>(steps);
        all.addAll(relative.steps);
        return new NodePath(all);
    }

    /** The enclosing node's path; the root is its own parent. */
    NodePath parent() {
        return steps.isEmpty() ? this : new NodePath(steps.subList(0, steps.size() - 1));
    }

    boolean isRoot() {
        return steps.isEmpty();
    }

    /** The last key, or {@code null} when the last step is an index or this is the root. */
    String lastKey() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1) instanceof String key ? key : null;
    }

    /** The whole path as a field path, e.g. {@code services[0].routes[1]}; empty for the root. */
    String label() {
        return render(0);
    }

    /** The part after {@code ancestor} as a field path, e.g. {@code paths[0]} below a route's path. */
    String labelFrom(NodePath ancestor) {
        if (!startsWith(ancestor)) {
            return label();
        }
        return render(ancestor.steps.size());
    }

    /** The node at this path below {@code root}, or a missing node. */
    JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
        }
        return node;
    }

    boolean startsWith(NodePath other) {
        return steps.size() >= other.steps.size() && steps.subList(0, other.steps.size()).equals(other.steps);
    }

    private NodePath with(Object step) {
        List<Object> all = new ArrayList<>(steps.size() + 1);
        all.addAll(steps);
        all.add(step);
        return new NodePath(all);
    }

    private String render(int from) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < steps.size(); i++) {
            Object step = steps.get(i);
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(step);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return label().isEmpty() ? "(root)" : label();
    }
}
