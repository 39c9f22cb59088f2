package io.portico.runtime.gateway;

import io.portico.runtime.config.ConfigLoader;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.plugin.PluginRegistry;

import java.io.IOException;
import java.nio.file.Path;

/** From a file (or text) to a config ready for traffic: load and validate, then compile. */
public final class ConfigPipeline {
    private final ConfigLoader loader;
    private final ConfigCompiler compiler;

    public ConfigPipeline(PluginRegistry registry) {
        this.loader = new ConfigLoader(registry);
        this.compiler = new ConfigCompiler(registry);
    }

    public CompiledConfig load(Path file) throws ConfigValidationException, IOException {
        return compiler.compile(loader.load(file));
    }

    public CompiledConfig parse(String text, String source) throws ConfigValidationException {
        return compiler.compile(loader.parse(text, source));
    }
}
