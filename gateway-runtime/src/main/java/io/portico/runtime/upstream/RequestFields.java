package io.portico.runtime.upstream;

import java.util.function.BiConsumer;

/** The header fields of a request to send: one call per field line, in the order they go on the wire. */
@FunctionalInterface
public interface RequestFields {
    void forEach(BiConsumer<String, String> action);
}
