package io.portico.runtime.plugin;

/** A plugin jar or factory that cannot be used; the node does not start with it. */
public class PluginLoadException extends Exception {
    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
