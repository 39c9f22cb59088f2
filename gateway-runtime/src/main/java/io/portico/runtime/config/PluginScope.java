package io.portico.runtime.config;

/**
 * What a plugin entry is attached to, as entity ids; all {@code null} for a global plugin. Two entries of one
 * plugin may not share a scope (Kong's cache key is the name and this triple).
 *
 * @param owner the label of the entity the entry is nested under (e.g. {@code route "r1"}), or {@code null} at the
 *              top level
 */
record PluginScope(String service, String route, String consumer, String owner) {

    /** A top-level entry before its references are read: labelled as such. */
    static final PluginScope TOP_LEVEL = new PluginScope(null, null, null, null);

    static PluginScope nestedUnder(EntityIndex.Entry entry) {
        return switch (entry.kind()) {
            case SERVICE -> new PluginScope(entry.id(), null, null, entry.label());
            case ROUTE -> new PluginScope(null, entry.id(), null, entry.label());
            case CONSUMER -> new PluginScope(null, null, entry.id(), entry.label());
            case UPSTREAM -> throw new IllegalArgumentException("plugins cannot be nested under upstreams");
        };
    }

    /** The key used to derive ids and tell duplicates apart. */
    String key() {
        return service + "|" + route + "|" + consumer;
    }
}
