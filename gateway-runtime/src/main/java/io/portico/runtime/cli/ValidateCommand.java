package io.portico.runtime.cli;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginLoadException;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.script.ScriptLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code portico validate -c FILE}: exit 0 when the config is usable, 1 with every problem otherwise. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a declarative config file: exit 0 if it is valid, 1 with every error (entity, field, line).")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            defaultValue = "${env:PORTICO_CONFIG}", description = "Declarative config file (env PORTICO_CONFIG).")
    Path config;

    @Option(names = "--plugins-dir", paramLabel = "DIR", defaultValue = "${env:PORTICO_PLUGINS_DIR}",
            description = "Folder of plugin jars the config may use (env PORTICO_PLUGINS_DIR).")
    Path pluginsDir;

    @Option(names = "--scripts-dir", paramLabel = "DIR", defaultValue = "${env:PORTICO_SCRIPTS_DIR}",
            description = "Folder of JavaScript plugins; every script the config names is compiled (env"
                    + " PORTICO_SCRIPTS_DIR; default: the folder scripts next to the config file).")
    Path scriptsDir;

    @Override
    public Integer call() {
        try {
            CompiledConfig compiled = new ConfigPipeline(PluginRegistry.load(pluginsDir)
                    .withScripts(ScriptLibrary.in(NodeOptions.scriptsDir(scriptsDir, config)))).load(config);
            var c = compiled.config();
            System.out.println("config " + config + " is valid: " + c.services().size() + " services, "
                    + c.routes().size() + " routes, " + c.consumers().size() + " consumers, "
                    + c.plugins().size() + " plugins, " + c.upstreams().size() + " upstreams");
            return 0;
        } catch (ConfigValidationException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (PluginLoadException | IOException e) {
            System.err.println("portico: " + e.getMessage());
            return 1;
        }
    }
}
