package io.portico.plugins.correlationid;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Kong's {@code correlation-id}: gives every request an id header, kept when the client sent one. */
public final class CorrelationIdFactory implements PluginFactory<CorrelationIdConfig> {

    @Override
    public String name() {
        return "correlation-id";
    }

    @Override
    public int priority() {
        return 100001;
    }

    @Override
    public Class<CorrelationIdConfig> configType() {
        return CorrelationIdConfig.class;
    }

    @Override
    public Plugin create(CorrelationIdConfig config, PluginContext context) {
        return new CorrelationIdPlugin(config, IdGenerator.forName(config.generator()));
    }
}
