package io.portico.plugin;

/** How a plugin takes part in a body: not at all, chunk by chunk as it streams, or once with the whole body. */
public enum BodyMode {
    /** The body streams through untouched (the default, and the fastest). */
    NONE,
    /** The plugin's {@link BodyFilter} sees every chunk as it passes; nothing is held back. */
    STREAMING,
    /** The whole body, up to the route's buffer limit, is collected before the plugin sees it. */
    BUFFERED
}
