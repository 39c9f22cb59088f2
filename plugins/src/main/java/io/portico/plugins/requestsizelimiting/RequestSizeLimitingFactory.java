package io.portico.plugins.requestsizelimiting;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Kong's {@code request-size-limiting}: refuses request bodies over a size, counted as they stream. */
public final class RequestSizeLimitingFactory implements PluginFactory<RequestSizeLimitingConfig> {

    @Override
    public String name() {
        return "request-size-limiting";
    }

    @Override
    public int priority() {
        return 951;
    }

    @Override
    public Class<RequestSizeLimitingConfig> configType() {
        return RequestSizeLimitingConfig.class;
    }

    @Override
    public Plugin create(RequestSizeLimitingConfig config, PluginContext context) {
        return new RequestSizeLimitingPlugin(config.allowedBytes(), config.requireContentLength());
    }
}
