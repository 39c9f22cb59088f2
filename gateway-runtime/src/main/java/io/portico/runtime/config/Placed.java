package io.portico.runtime.config;

/**
 * A parsed entity with where it came from, for messages that involve it after parsing (duplicates).
 *
 * @param value the entity
 * @param label how messages name it
 * @param path  where it is in the file
 */
record Placed<T>(T value, String label, NodePath path) {
}
