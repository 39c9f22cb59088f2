package io.portico.runtime.router;

import java.util.Map;

/**
 * A read-only hash map from strings to values that is queried with a region of a larger string, so that looking up
 * the host part of {@code "api.example.com:8443"}, or its suffix {@code ".example.com"}, creates no substring.
 * Open addressing with linear probing; built once per config.
 */
final class RegionKeyedMap<V> {

    private final String[] keys;
    private final Object[] values;
    private final int mask;
    private final int size;

    RegionKeyedMap(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(1, entries.size()) * 2 + 1) << 1;
        this.keys = new String[capacity];
        this.values = new Object[capacity];
        this.mask = capacity - 1;
        this.size = entries.size();
        for (Map.Entry<String, V> entry : entries.entrySet()) {
            String key = entry.getKey();
            int slot = hash(key, 0, key.length()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = entry.getValue();
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value for the key equal to {@code text[from, to)}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(String text, int from, int to) {
        if (size == 0) {
            return null;
        }
        int length = to - from;
        int slot = hash(text, from, to) & mask;
        String key;
        while ((key = keys[slot]) != null) {
            if (key.length() == length && text.regionMatches(from, key, 0, length)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static int hash(String text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
