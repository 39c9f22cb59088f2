package io.portico.runtime.gateway;

import io.portico.runtime.config.ConfigLoader;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.plugin.PluginRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * From a file (or text) to a config ready for traffic: load and validate, then compile. Thread-safe; a node keeps
 * one for its whole run, so that every config it compiles shares the node's {@link NodeResources}.
 */
public final class ConfigPipeline {
    private final PluginRegistry registry;
    private final ConfigLoader loader;
    private final ConfigCompiler compiler;

    /** A pipeline with node resources of its own (in memory). */
    public ConfigPipeline(PluginRegistry registry) {
        this(registry, new NodeResources());
    }

    /** A pipeline whose configs take their upstream clients and state from {@code resources}. */
    public ConfigPipeline(PluginRegistry registry, NodeResources resources) {
        this.registry = registry;
        this.loader = new ConfigLoader(registry);
        this.compiler = new ConfigCompiler(registry, resources);
    }

    public CompiledConfig load(Path file) throws ConfigValidationException, IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @param text   the whole declarative config, YAML or JSON
     * @param source where it came from, for messages
     */
    public CompiledConfig parse(String text, String source) throws ConfigValidationException {
        return compiler.compile(loader.parse(text, source), text);
    }

    /** The plugins configs may name. */
    public PluginRegistry registry() {
        return registry;
    }

    /** The node resources compiled configs use. */
    public NodeResources resources() {
        return compiler.resources();
    }
}
