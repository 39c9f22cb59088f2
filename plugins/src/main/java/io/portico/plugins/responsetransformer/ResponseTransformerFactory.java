package io.portico.plugins.responsetransformer;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Kong's {@code response-transformer}: changes the response headers and the keys of a JSON response body. */
public final class ResponseTransformerFactory implements PluginFactory<ResponseTransformerConfig> {

    @Override
    public String name() {
        return "response-transformer";
    }

    @Override
    public int priority() {
        return 800;
    }

    @Override
    public Class<ResponseTransformerConfig> configType() {
        return ResponseTransformerConfig.class;
    }

    @Override
    public Plugin create(ResponseTransformerConfig config, PluginContext context) {
        return new ResponseTransformerPlugin(config.operations(), context);
    }
}
