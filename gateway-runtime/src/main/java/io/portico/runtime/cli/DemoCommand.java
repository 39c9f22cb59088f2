package io.portico.runtime.cli;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.demo.DemoConfig;
import io.portico.runtime.demo.DemoServices;
import io.portico.runtime.demo.DemoTour;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.gateway.NodeResources;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginLoadException;
import io.portico.runtime.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code portico demo}: the gateway in front of four demo services, on in-memory state. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the gateway in front of four demo services (users, orders, payments, recommendations)"
                + " and print curl commands to try.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws InterruptedException {
        NodeSettings settings;
        PluginRegistry registry;
        try {
            settings = node.settings();
            settings.checkAdminAccess();
            registry = PluginRegistry.load(settings.pluginsDir());
        } catch (IllegalArgumentException | PluginLoadException e) {
            System.err.println("portico: " + e.getMessage());
            return 1;
        }
        DemoServices services = DemoServices.start();
        CompiledConfig config;
        try {
            config = new ConfigPipeline(registry, NodeResources.forNode(settings))
                    .parse(DemoConfig.render(services), "demo.yaml");
        } catch (ConfigValidationException e) {
            services.close();
            System.err.println(e.getMessage());
            return 1;
        }
        Gateway gateway;
        try {
            gateway = Gateways.startAndReport(settings, registry, config, "demo.yaml (built in)");
        } catch (RuntimeException e) {
            services.close();
            System.err.println("portico: cannot start: " + e.getMessage());
            return 1;
        }
        String host = "0.0.0.0".equals(settings.proxyHost()) ? "localhost" : settings.proxyHost();
        System.out.println();
        System.out.println("Demo services: " + services.ports());
        System.out.println("Try:");
        System.out.println(DemoTour.curlCommands("http://" + host + ":" + gateway.proxyPort()));
        System.out.println("Stop with Ctrl-C.");
        Gateways.awaitShutdown(settings, gateway, services);
        return 0;
    }
}
