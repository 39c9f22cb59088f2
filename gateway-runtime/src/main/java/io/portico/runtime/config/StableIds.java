package io.portico.runtime.config;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids for entities the file gives none, derived from what identifies them (kind and name, or position) so that
 * reloading the same file gives the same ids: state keyed by id (rate-limit counters, health) survives a reload.
 */
final class StableIds {
    private StableIds() {
    }

    /** A name-based (version 3) UUID of {@code kind:key}, e.g. {@code service:orders}. */
    static String derive(String kind, String key) {
        return UUID.nameUUIDFromBytes((kind + ":" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
