package io.portico.runtime.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A mutable, case-insensitive, order-keeping header multimap: what plugins read and change. Names keep the
 * spelling they were first added with, so headers reach the upstream as the client wrote them.
 * <p>
 * Built for the proxy's hot path: the fields sit in an array in order and are found by a case-insensitive scan
 * (no lower-cased copies of names, no map entries per field; a field with one value holds no list). Past
 * {@link #INDEXED} fields a name index takes over the lookups, so a request with thousands of fields costs no
 * quadratic time.
 */
public final class HeaderMap {
    /** Above this many fields, lookups go through {@link #index}. */
    private static final int INDEXED = 24;

    /** Room for a typical response and the fields plugins add to it (an upstream's 6, rate-limiting's 7). */
    private Field[] fields = new Field[16];
    /** The length of each field's name, in step with {@link #fields}: a lookup passes over other lengths unread. */
    private int[] lengths = new int[16];
    private int size;
    /** Lower-cased name to field, kept while {@code size > INDEXED}; null otherwise. */
    private Map<String, Field> index;

    private static final class Field {
        final String name;
        String value;
        /** The values after the first, or null. */
        ArrayList<String> more;

        Field(String name, String value) {
            this.name = name;
            this.value = value;
        }

        List<String> values() {
            if (more == null) {
                return List.of(value);
            }
            List<String> all = new ArrayList<>(more.size() + 1);
            all.add(value);
            all.addAll(more);
            return all;
        }

        void add(String v) {
            if (more == null) {
                more = new ArrayList<>(2);
            }
            more.add(v);
        }
    }

    private int find(String name) {
        if (index != null) {
            Field f = index.get(name.toLowerCase(Locale.ROOT));
            if (f == null) {
                return -1;
            }
            for (int i = 0; i < size; i++) {
                if (fields[i] == f) {
                    return i;
                }
            }
            return -1;
        }
        int length = name.length();
        int[] lengths = this.lengths;
        for (int i = 0; i < size; i++) {
            if (lengths[i] == length && fields[i].name.equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private Field field(String name) {
        if (index != null) {
            return index.get(name.toLowerCase(Locale.ROOT));
        }
        int i = find(name);
        return i < 0 ? null : fields[i];
    }

    private void append(Field f) {
        if (size == fields.length) {
            fields = Arrays.copyOf(fields, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        lengths[size] = f.name.length();
        fields[size++] = f;
        if (index != null) {
            index.put(f.name.toLowerCase(Locale.ROOT), f);
        } else if (size > INDEXED) {
            index = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                index.put(fields[i].name.toLowerCase(Locale.ROOT), fields[i]);
            }
        }
    }

    /** The first value, or {@code null}. */
    public String first(String name) {
        Field f = field(name);
        return f == null ? null : f.value;
    }

    /** All values, or an empty list (a copy: changing the map does not change it). */
    public List<String> all(String name) {
        Field f = field(name);
        return f == null ? List.of() : f.values();
    }

    public boolean contains(String name) {
        return field(name) != null;
    }

    /** Names as first spelled. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            names.add(fields[i].name);
        }
        return names;
    }

    /** Replaces every value of the field with this one; the field keeps its place and first spelling. */
    public void set(String name, String value) {
        Field f = field(name);
        if (f == null) {
            append(new Field(name, value));
        } else {
            f.value = value;
            f.more = null;
        }
    }

    public void add(String name, String value) {
        Field f = field(name);
        if (f == null) {
            append(new Field(name, value));
        } else {
            f.add(value);
        }
    }

    public void addAll(String name, List<String> values) {
        for (String value : values) {
            add(name, value);
        }
    }

    public void remove(String name) {
        int i = find(name);
        if (i >= 0) {
            removeAt(i);
        }
    }

    private void removeAt(int i) {
        Field f = fields[i];
        System.arraycopy(fields, i + 1, fields, i, size - i - 1);
        System.arraycopy(lengths, i + 1, lengths, i, size - i - 1);
        fields[--size] = null;
        if (index != null) {
            index.remove(f.name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Removes the fields whose name the predicate accepts (given as first spelled), keeping the others in order.
     */
    void removeIf(Predicate<String> byName) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (!byName.test(f.name)) {
                lengths[kept] = lengths[i];
                fields[kept++] = f;
            } else if (index != null) {
                index.remove(f.name.toLowerCase(Locale.ROOT));
            }
        }
        Arrays.fill(fields, kept, size, null);
        size = kept;
    }

    public void clear() {
        Arrays.fill(fields, 0, size, null);
        size = 0;
        index = null;
    }

    /** Calls the action once per value, in order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            action.accept(f.name, f.value);
            if (f.more != null) {
                for (String v : f.more) {
                    action.accept(f.name, v);
                }
            }
        }
    }

    /** What {@link #forEachField} calls per field. */
    @FunctionalInterface
    public interface FieldAction {
        /**
         * @param value  the field's value when it has one, else null
         * @param values the field's values when it has several, else null
         */
        void field(String name, String value, List<String> values);
    }

    /** Calls the action once per field, in order; a field with one value costs no list. */
    public void forEachField(FieldAction action) {
        for (int i = 0; i < size; i++) {
            Field f = fields[i];
            if (f.more == null) {
                action.field(f.name, f.value, null);
            } else {
                action.field(f.name, null, f.values());
            }
        }
    }
}
