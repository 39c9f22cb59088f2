package io.portico.plugins.requesttransformer;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Kong's {@code request-transformer}: changes the method, path, headers, query string and body sent upstream. */
public final class RequestTransformerFactory implements PluginFactory<RequestTransformerConfig> {

    @Override
    public String name() {
        return "request-transformer";
    }

    @Override
    public int priority() {
        return 801;
    }

    @Override
    public Class<RequestTransformerConfig> configType() {
        return RequestTransformerConfig.class;
    }

    @Override
    public Plugin create(RequestTransformerConfig config, PluginContext context) {
        return new RequestTransformerPlugin(config.httpMethod(), config.operations());
    }
}
