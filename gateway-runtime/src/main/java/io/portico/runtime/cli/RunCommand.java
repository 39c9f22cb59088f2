package io.portico.runtime.cli;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginLoadException;
import io.portico.runtime.plugin.PluginRegistry;
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

    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws InterruptedException {
        NodeSettings settings;
        PluginRegistry registry;
        CompiledConfig compiled;
        try {
            settings = node.settings();
            registry = PluginRegistry.load(settings.pluginsDir());
            compiled = new ConfigPipeline(registry).load(config);
        } catch (IllegalArgumentException | PluginLoadException | IOException e) {
            System.err.println("portico: " + e.getMessage());
            return 1;
        } catch (ConfigValidationException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Gateway gateway = Gateways.startAndReport(settings, registry, compiled, config.toString());
        Gateways.awaitShutdown(gateway);
        return 0;
    }
}
