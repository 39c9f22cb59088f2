package com.example.addheader;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** The entry point the gateway finds through META-INF/services/io.portico.plugin.PluginFactory. */
public final class AddHeaderFactory implements PluginFactory<AddHeaderConfig> {

    @Override
    public String name() {
        return "add-header"; // the name used in the config: plugins: [{name: add-header}]
    }

    @Override
    public int priority() {
        return 900; // higher runs first: after auth plugins (1000+), before request-termination (2)
    }

    @Override
    public Class<AddHeaderConfig> configType() {
        return AddHeaderConfig.class;
    }

    @Override
    public Plugin create(AddHeaderConfig config, PluginContext context) {
        // Called once per config entry when the config loads, never per request.
        context.logger().log(System.Logger.Level.INFO, "add-header on {0}: adds {1}", context.scope(),
                config.headerName());
        return new AddHeaderPlugin(config);
    }
}
