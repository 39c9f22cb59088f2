package io.portico.runtime.cli;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigFileWatcher;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.gateway.NodeResources;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginLoadException;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.script.ScriptLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code portico run -c FILE}: serves a declarative config until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway with a declarative config file.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
            defaultValue = "${env:PORTICO_CONFIG}",
            description = "Declarative config file, YAML or JSON (env PORTICO_CONFIG).")
    Path config;

    @Option(names = "--watch", defaultValue = "${env:PORTICO_WATCH:-false}",
            description = "Reload the config when the file changes; an invalid file is logged with every error and"
                    + " the config in force keeps serving (env PORTICO_WATCH).")
    boolean watch;

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws InterruptedException {
        NodeSettings settings;
        PluginRegistry registry;
        CompiledConfig compiled;
        try {
            settings = node.settings();
            settings.checkAdminAccess();
            registry = PluginRegistry.load(settings.pluginsDir())
                    .withScripts(ScriptLibrary.in(NodeOptions.scriptsDir(settings.scriptsDir(), config)));
            compiled = new ConfigPipeline(registry, NodeResources.forNode(settings)).load(config);
        } catch (IllegalArgumentException | PluginLoadException | IOException e) {
            System.err.println("portico: " + e.getMessage());
            return 1;
        } catch (ConfigValidationException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Gateway gateway;
        try {
            gateway = Gateways.startAndReport(settings, registry, compiled, config.toString());
        } catch (RuntimeException e) {
            System.err.println("portico: cannot start: " + e.getMessage());
            return 1;
        }
        ConfigFileWatcher watcher = null;
        if (watch) {
            try {
                watcher = ConfigFileWatcher.start(gateway, config);
            } catch (IOException e) {
                gateway.close();
                System.err.println("portico: cannot watch " + config + ": " + e.getMessage());
                return 1;
            }
        }
        if (watcher == null) {
            Gateways.awaitShutdown(settings, gateway);
        } else {
            Gateways.awaitShutdown(settings, watcher, gateway);
        }
        return 0;
    }
}
