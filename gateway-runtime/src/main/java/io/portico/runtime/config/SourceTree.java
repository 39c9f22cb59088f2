package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Map;

/**
 * A config text as a Jackson tree plus the line each node starts on. Jackson's {@link JsonNode} keeps no
 * locations, and every error message must name a line, so {@link SourceTreeReader} records them while it builds
 * the tree.
 */
final class SourceTree {
    private final JsonNode root;
    private final Map<NodePath, Integer> lines;

    SourceTree(JsonNode root, Map<NodePath, Integer> lines) {
        this.root = root;
        this.lines = Map.copyOf(lines);
    }

    JsonNode root() {
        return root;
    }

    /** The node at {@code path}, or a {@link MissingNode} when there is none. */
    JsonNode node(NodePath path) {
        return path.find(root);
    }

    /** The node's text when it is a string, else {@code null}; for a peek before the entity is read. */
    String text(NodePath path) {
        JsonNode node = node(path);
        return node.isTextual() ? node.asText() : null;
    }

    /**
     * The line of the node at {@code path}: for an object member the line of its key, for an array element the
     * line it starts on. A path that is absent (a missing required field) gets its nearest present ancestor's line.
     */
    int lineOf(NodePath path) {
        NodePath at = path;
        while (true) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            if (at.isRoot()) {
                return 0;
            }
            at = at.parent();
        }
    }
}
