package io.portico.plugins.proxycache;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginAdmin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugin.SharedState;

/** Kong's {@code proxy-cache}, with a {@code redis} strategy shared by the nodes. docs/plugins/proxy-cache.md. */
public final class ProxyCacheFactory implements PluginFactory<ProxyCacheConfig> {

    @Override
    public String name() {
        return "proxy-cache";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Class<ProxyCacheConfig> configType() {
        return ProxyCacheConfig.class;
    }

    @Override
    public Plugin create(ProxyCacheConfig config, PluginContext context) {
        CacheStore store;
        if (config.strategy().equals("memory")) {
            store = CacheStore.memory(config.memory().maxSizeMb() * 1024L * 1024L);
        } else {
            SharedState state;
            try {
                state = config.redis().url() != null ? context.sharedState(config.redis().url()) : context.sharedState();
            } catch (ConfigException e) {
                throw new ConfigException("redis.url", e.reason());
            }
            if (!state.isShared()) {
                throw new ConfigException("strategy", "redis needs a Redis: run the node with --redis URL, or set"
                        + " redis.url");
            }
            store = CacheStore.shared(state);
        }
        return new ProxyCachePlugin(config, store, context.logger());
    }

    @Override
    public PluginAdmin admin() {
        return new ProxyCacheAdmin();
    }
}
