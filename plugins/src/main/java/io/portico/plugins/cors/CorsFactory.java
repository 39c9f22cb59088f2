package io.portico.plugins.cors;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.consumerauth.AuthSupport;

/** Kong's {@code cors}: Cross-Origin Resource Sharing headers, and preflight requests answered by the gateway. */
public final class CorsFactory implements PluginFactory<CorsConfig> {

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Class<CorsConfig> configType() {
        return CorsConfig.class;
    }

    @Override
    public Plugin create(CorsConfig config, PluginContext context) {
        // Kong's no_consumer: preflights carry no credentials, so a consumer's cors entry could never apply
        AuthSupport.requireNotOnConsumer(context);
        return new CorsPlugin(config);
    }
}
