package io.portico.plugins.ratelimiting;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugin.SharedState;

/** Kong's {@code rate-limiting}, exact across nodes sharing a Redis: docs/plugins/rate-limiting.md. */
public final class RateLimitingFactory implements PluginFactory<RateLimitingConfig> {

    @Override
    public String name() {
        return "rate-limiting";
    }

    @Override
    public int priority() {
        return 910; // Kong's: after authentication (so limit_by consumer knows the consumer)
    }

    @Override
    public Class<RateLimitingConfig> configType() {
        return RateLimitingConfig.class;
    }

    @Override
    public Plugin create(RateLimitingConfig config, PluginContext context) {
        SharedState store = switch (config.policy()) {
            case "local" -> context.localState();
            case "cluster" -> context.sharedState();
            default -> {
                if (config.redis().namesRedis()) {
                    yield context.sharedState(config.redis().toUrl());
                }
                if (!context.sharedState().isShared()) {
                    throw new ConfigException("policy", "policy redis needs a Redis: set config.redis (host, url,"
                            + " sentinel_nodes or cluster_nodes) or start the node with --redis");
                }
                yield context.sharedState();
            }
        };
        if (config.policy().equals("cluster") && !store.isShared()) {
            context.logger().log(System.Logger.Level.INFO, context.scope() + ": policy cluster without --redis"
                    + " counts on this node only");
        }
        return new RateLimitingPlugin(config, store, context.localState(), context.logger());
    }
}
