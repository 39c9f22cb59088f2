package io.portico.runtime.script;

/** A script that cannot be loaded: it does not parse, its top level throws, or an export is wrong. */
public final class ScriptException extends Exception {
    public ScriptException(String message) {
        super(message, null, false, false);
    }
}
