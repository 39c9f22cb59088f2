package io.portico.runtime.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A mutable, case-insensitive, order-keeping header multimap: what plugins read and change. Names keep the
 * spelling they were first added with, so headers reach the upstream as the client wrote them.
 */
public final class HeaderMap {
    private final Map<String, Field> fields = new LinkedHashMap<>();

    private static final class Field {
        final String name;
        final List<String> values;

        Field(String name, List<String> values) {
            this.name = name;
            this.values = values;
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The first value, or {@code null}. */
    public String first(String name) {
        Field f = fields.get(key(name));
        return f == null || f.values.isEmpty() ? null : f.values.getFirst();
    }

    /** All values, or an empty list (unmodifiable). */
    public List<String> all(String name) {
        Field f = fields.get(key(name));
        return f == null ? List.of() : Collections.unmodifiableList(f.values);
    }

    public boolean contains(String name) {
        return fields.containsKey(key(name));
    }

    /** Names as first spelled. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Field f : fields.values()) {
            names.add(f.name);
        }
        return names;
    }

    public void set(String name, String value) {
        List<String> values = new ArrayList<>(1);
        values.add(value);
        Field old = fields.get(key(name));
        fields.put(key(name), new Field(old == null ? name : old.name, values));
    }

    public void add(String name, String value) {
        fields.computeIfAbsent(key(name), k -> new Field(name, new ArrayList<>(1))).values.add(value);
    }

    public void addAll(String name, List<String> values) {
        fields.computeIfAbsent(key(name), k -> new Field(name, new ArrayList<>(values.size()))).values.addAll(values);
    }

    public void remove(String name) {
        fields.remove(key(name));
    }

    public void clear() {
        fields.clear();
    }

    /** Calls the action once per value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (Field f : fields.values()) {
            for (String v : f.values) {
                action.accept(f.name, v);
            }
        }
    }

    /** Calls the action once per field with all its values. */
    public void forEachField(BiConsumer<String, List<String>> action) {
        for (Field f : fields.values()) {
            action.accept(f.name, f.values);
        }
    }
}
