package io.portico.plugins.requesttermination;

import io.portico.plugin.Bodies;

import java.util.Collection;
import java.util.Map;

/** Writes maps, collections, strings, numbers, booleans and nulls as JSON; enough for the echo body. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> out.append(Bodies.jsonString(s));
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ",").append(Bodies.jsonString(String.valueOf(e.getKey()))).append(':');
                    write(e.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object element : list) {
                    out.append(first ? "" : ",");
                    write(element, out);
                    first = false;
                }
                out.append(']');
            }
            default -> out.append(Bodies.jsonString(value.toString()));
        }
    }
}
