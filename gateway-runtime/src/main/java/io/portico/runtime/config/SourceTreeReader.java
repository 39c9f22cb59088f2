package io.portico.runtime.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a {@link SourceTree} from YAML or JSON with Jackson's streaming parsers, noting the line of every node on
 * the way. Building the tree ourselves also lets us refuse what Jackson's tree would hide: a key written twice in
 * one mapping (Jackson keeps the last silently) and a second YAML document.
 */
final class SourceTreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";
    /** SnakeYAML refuses documents over 3 MB by default; declarative files with thousands of routes get there. */
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .build();
    private static final JsonFactory JSON = new JsonFactory();

    private final String source;
    private final Problems problems;
    private final Map<NodePath, Integer> lines = new HashMap<>();
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private JsonParser parser;

    private SourceTreeReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    /**
     * Reads {@code text}; JSON when it starts with <code>{</code> (JSON is YAML, but SnakeYAML is YAML 1.1 and trips on
     * tabs that JSON allows), YAML otherwise. Duplicate keys are added to {@code problems}; a syntax error ends the
     * reading with an exception carrying them all.
     */
    static SourceTree read(String text, String source, Problems problems) throws ConfigValidationException {
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new SourceTreeReader(source, problems).readAll(content);
    }

    private SourceTree readAll(String text) throws ConfigValidationException {
        boolean json = text.stripLeading().startsWith("{");
        try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                return new SourceTree(MissingNode.getInstance(), lines);
            }
            JsonNode root = readValue(NodePath.ROOT);
            if (p.nextToken() != null) {
                problems.add("top level", "", line(p.currentTokenLocation()),
                        "the file holds more than one YAML document; put the whole config in one");
            }
            return new SourceTree(root, lines);
        } catch (JsonProcessingException e) {
            problems.add("top level", "", line(e.getLocation()), "not valid " + (json ? "JSON" : "YAML") + ": "
                    + syntaxMessage(e));
            throw new ConfigValidationException(source, problems.inFileOrder());
        } catch (IOException e) {
            // Reading from a String: only the parser's own exceptions can happen, all JsonProcessingExceptions.
            throw new IllegalStateException(e);
        }
    }

    /** Reads the value whose first token is current, and everything inside it. */
    private JsonNode readValue(NodePath path) throws IOException {
        lines.putIfAbsent(path, line(parser.currentTokenLocation()));
        Object anchor = parser.getObjectId(); // YAML's &anchor; JSON has none
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> readObject(path);
            case START_ARRAY -> readArray(path);
            case VALUE_STRING -> isAlias() ? resolveAlias(path) : NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> {
                problem(path, "unsupported value (" + parser.currentToken() + ")");
                yield NODES.nullNode();
            }
        };
        if (anchor != null && !isAlias()) {
            anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private ObjectNode readObject(NodePath path) throws IOException {
        ObjectNode object = NODES.objectNode();
        List<JsonNode> merged = new ArrayList<>();
        int mergeLine = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser.currentTokenLocation());
            parser.nextToken();
            NodePath child = path.key(key);
            if (key.equals(MERGE_KEY) && parser instanceof YAMLParser) {
                mergeLine = keyLine;
                merged.addAll(mergeSources(readValue(child), path, keyLine));
                lines.remove(child);
                continue;
            }
            if (object.has(key)) {
                problems.add(describe(path), key, keyLine,
                        "duplicate key; it is already set at line " + lines.getOrDefault(child, 0));
                parser.skipChildren(); // keep the first
                continue;
            }
            lines.put(child, keyLine);
            object.set(key, readValue(child));
        }
        // YAML merge keys ("<<: *defaults"): keys written in the mapping win over merged ones, earlier sources win.
        for (JsonNode source : merged) {
            for (Map.Entry<String, JsonNode> field : source.properties()) {
                if (!object.has(field.getKey())) {
                    object.set(field.getKey(), field.getValue().deepCopy());
                    lines.put(path.key(field.getKey()), mergeLine);
                }
            }
        }
        return object;
    }

    private List<JsonNode> mergeSources(JsonNode value, NodePath path, int line) {
        List<JsonNode> sources = new ArrayList<>();
        if (value.isObject()) {
            sources.add(value);
        } else if (value.isArray() && allObjects(value)) {
            value.forEach(sources::add);
        } else {
            problems.add(describe(path), MERGE_KEY, line, "a merge key expects a mapping or a list of mappings");
        }
        return sources;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    private ArrayNode readArray(NodePath path) throws IOException {
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(path.index(index++)));
        }
        return array;
    }

    private boolean isAlias() {
        return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
    }

    private JsonNode resolveAlias(NodePath path) throws IOException {
        JsonNode target = anchors.get(parser.getText());
        if (target == null) {
            problem(path, "alias *" + parser.getText() + " refers to no anchor (&" + parser.getText()
                    + ") written before it");
            return NODES.nullNode();
        }
        return target.deepCopy();
    }

    /** A problem with the current value, named as its parent entity path and its own key or index. */
    private void problem(NodePath path, String message) {
        NodePath parent = path.parent();
        problems.add(describe(parent), path.labelFrom(parent), line(parser.currentTokenLocation()), message);
    }

    private static String describe(NodePath path) {
        return path.isRoot() ? "top level" : path.label();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /** SnakeYAML's messages carry a source excerpt with a caret on indented lines; the line is reported apart. */
    private static String syntaxMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining("; "));
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }
}
