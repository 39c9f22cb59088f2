package io.portico.runtime.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.portico.plugin.ConfigException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Binds a plugin entry's {@code config:} object to the plugin's config record: snake_case keys to camelCase
 * components, no unknown keys, no type coercion ({@code "5"} is not a number, {@code 5} is not a string), and a
 * {@link ConfigException} from the record's constructor reported on the field it names.
 *
 * <p>Thread-safe; one per loader, as Jackson caches what it learns about each record type.
 *
 * <p>Jackson stops at the first problem. To report every problem of one config in one go, a problem with one
 * field is reported, that field is taken out of a copy of the config, and binding is tried again.
 */
final class PluginConfigBinder {
    /** Each retry removes one field, so a config can need as many retries as it has problems. */
    private static final int MAX_ATTEMPTS = 50;

    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /**
     * The bound record, or {@code null} when the config has problems (all reported on {@code fields}).
     *
     * @param config the {@code config} object as written, or {@code null} when absent (bound from <code>{}</code>)
     */
    Record bind(Class<? extends Record> type, JsonNode config, EntityFields fields) {
        ObjectNode remaining = config instanceof ObjectNode object ? object.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        JsonNode original = config != null ? config : JsonNodeFactory.instance.objectNode();
        Set<NodePath> reported = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            NodePath path;
            try {
                Record bound = mapper.readerFor(type).readValue(remaining);
                return reported.isEmpty() ? bound : null;
            } catch (ValueInstantiationException e) {
                // Jackson keeps a record's unknown fields until the record is built: a constructor problem comes
                // first, and the other problems show once the refused value is taken out.
                path = constructorProblemPath(e);
                // Once fields were taken out, the constructor may complain of what it now misses: only a
                // complaint about a value still there as written is the user's problem.
                if ((reported.isEmpty() || isPresent(remaining, path)) && reported.add(path)) {
                    report(fields, path, constructorProblem(e));
                }
            } catch (JsonMappingException e) {
                path = pathOf(e);
                if (!reported.add(path)) {
                    return null; // the same field again: taking it out did not help
                }
                report(fields, path, describe(e, original, path));
            } catch (java.io.IOException e) {
                report(fields, NodePath.ROOT, "cannot read config: " + e.getMessage());
                return null;
            }
            // invariant: null is returned only after at least one problem was reported
            if (reported.isEmpty() || !remove(remaining, path)) {
                return null;
            }
        }
        return null;
    }

    /** Where within config the constructor's problem is: the field a {@link ConfigException} names, else the record. */
    private static NodePath constructorProblemPath(ValueInstantiationException e) {
        NodePath record = pathOf(e); // where the record that refused its values sits within config
        if (e.getCause() instanceof ConfigException problem) {
            NodePath field = fieldPath(problem.field());
            return field.startsWith(record) ? field : record.append(field);
        }
        return record;
    }

    private static String constructorProblem(ValueInstantiationException e) {
        if (e.getCause() instanceof ConfigException problem) {
            return problem.reason();
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "invalid config: " + cause.getMessage();
    }

    private static boolean isPresent(JsonNode config, NodePath path) {
        return !path.find(config).isMissingNode();
    }

    private static void report(EntityFields fields, NodePath withinConfig, String message) {
        fields.report(NodePath.ROOT.key("config").append(withinConfig), message);
    }

    private static NodePath pathOf(JsonMappingException e) {
        NodePath path = NodePath.ROOT;
        for (JsonMappingException.Reference step : e.getPath()) {
            path = step.getFieldName() != null ? path.key(step.getFieldName()) : path.index(step.getIndex());
        }
        return path;
    }

    /** {@code redis.hosts[0]} as written in a {@link ConfigException}, as a path. */
    static NodePath fieldPath(String dotted) {
        NodePath path = NodePath.ROOT;
        for (String part : dotted.split("\\.")) {
            int bracket = part.indexOf('[');
            path = path.key(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    break;
                }
                try {
                    path = path.index(Integer.parseInt(part.substring(bracket + 1, close)));
                } catch (NumberFormatException notAnIndex) {
                    break;
                }
                bracket = part.indexOf('[', close);
            }
        }
        return path;
    }

    private static String describe(JsonMappingException e, JsonNode original, NodePath path) {
        JsonNode value = path.find(original);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            String suggestion = Spelling.closest(field, names(unknown.getKnownPropertyIds()));
            return "unknown field '" + field + "'" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            if (value.isMissingNode()) {
                return "required field missing";
            }
            return "expected " + expected(mismatch) + ", got " + Json.describe(value)
                    + (value.isValueNode() && !value.isNull() ? " (" + value + ")" : "");
        }
        String message = String.valueOf(e.getOriginalMessage());
        return message.startsWith("Numeric value") ? "number out of range: " + value : message;
    }

    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type.isEnum()) {
            String message = e.getOriginalMessage();
            int list = message.indexOf("Enum class: [");
            return "one of " + (list >= 0 ? message.substring(list + "Enum class: ".length()) : enumNames(type));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String enumNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            names.add(constant.toString());
        }
        return names.toString();
    }

    private static List<String> names(Collection<Object> ids) {
        List<String> names = new ArrayList<>();
        if (ids != null) {
            ids.forEach(id -> names.add(String.valueOf(id)));
        }
        return names;
    }

    /**
     * Takes the object member holding the problem out of {@code config} (a whole list when the problem is in one
     * of its elements, so that later indexes stay as written).
     *
     * @return false when nothing could be removed (retrying would fail the same way)
     */
    private static boolean remove(ObjectNode config, NodePath path) {
        List<Object> steps = path.steps();
        int last = steps.size() - 1;
        while (last >= 0 && !(steps.get(last) instanceof String)) {
            last--;
        }
        if (last < 0) {
            return false;
        }
        JsonNode parent = new NodePath(steps.subList(0, last)).find(config);
        return parent instanceof ObjectNode object && object.remove((String) steps.get(last)) != null;
    }
}
