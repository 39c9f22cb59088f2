package io.portico.runtime.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugin.ConfigException;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/**
 * The plugin a script file is: named after the file ({@code tag-request.js} is {@code tag-request}), with the
 * priority the script exports. Building a plugin loads the script if it is not loaded yet, so a config (and
 * {@code portico validate}) fails on a script that does not compile, with the file and the line.
 */
final class ScriptPluginFactory implements PluginFactory<ScriptConfig> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptLibrary library;
    private final String name;

    ScriptPluginFactory(ScriptLibrary library, String name) {
        this.library = library;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** The exported priority of the version in force (0 when the script does not load). */
    @Override
    public int priority() {
        try {
            return library.load(name).current().priority();
        } catch (ScriptException e) {
            return CompiledScript.DEFAULT_PRIORITY;
        }
    }

    @Override
    public Class<ScriptConfig> configType() {
        return ScriptConfig.class;
    }

    @Override
    public Plugin create(ScriptConfig config, PluginContext context) {
        ScriptHandle handle;
        try {
            handle = library.load(name);
        } catch (ScriptException e) {
            throw new ConfigException("script", e.getMessage());
        }
        String confJson;
        try {
            confJson = JSON.writeValueAsString(config.values());
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", "cannot pass the config to the script: " + e.getOriginalMessage());
        }
        return new ScriptPlugin(handle, handle.current(), confJson, context.sharedState(), context.logger());
    }
}
