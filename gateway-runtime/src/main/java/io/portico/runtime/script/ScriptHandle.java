package io.portico.runtime.script;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One script file of the scripts folder, across its versions: the version in force, and the error of the last
 * save that could not be loaded (the version in force keeps running then).
 */
final class ScriptHandle {
    /** Why the last saved version is not in force, and since when; {@code null} when it is. */
    record LoadError(String message, Instant at) {
    }

    private final String name;
    private final Path file;
    private volatile CompiledScript current;
    private volatile LoadError error;
    private String text;

    ScriptHandle(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    String name() {
        return name;
    }

    Path file() {
        return file;
    }

    /** The version in force; {@code null} before the first successful load. */
    CompiledScript current() {
        return current;
    }

    LoadError error() {
        return error;
    }

    /** The text of the version in force, to skip saves that changed nothing. */
    String text() {
        return text;
    }

    /** Puts a new version in force; the previous one is retired (its contexts close once idle). */
    void replace(CompiledScript next, String nextText) {
        CompiledScript previous = current;
        current = next;
        text = nextText;
        error = null;
        if (previous != null) {
            previous.retire();
        }
    }

    void failed(String message) {
        error = new LoadError(message, Instant.now());
    }
}
