package io.portico.plugins.requesttermination;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Kong's {@code request-termination}: answers requests itself with a fixed status and body. */
public final class RequestTerminationFactory implements PluginFactory<RequestTerminationConfig> {

    @Override
    public String name() {
        return "request-termination";
    }

    @Override
    public int priority() {
        return 2;
    }

    @Override
    public Class<RequestTerminationConfig> configType() {
        return RequestTerminationConfig.class;
    }

    @Override
    public Plugin create(RequestTerminationConfig config, PluginContext context) {
        return new RequestTerminationPlugin(config);
    }
}
