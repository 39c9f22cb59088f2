package io.portico.plugins.iprestriction;

import io.portico.plugin.IpBlocks;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Kong's {@code ip-restriction}: allows or refuses requests by the client's address. */
public final class IpRestrictionFactory implements PluginFactory<IpRestrictionConfig> {

    @Override
    public String name() {
        return "ip-restriction";
    }

    @Override
    public int priority() {
        return 990;
    }

    @Override
    public Class<IpRestrictionConfig> configType() {
        return IpRestrictionConfig.class;
    }

    @Override
    public Plugin create(IpRestrictionConfig config, PluginContext context) {
        return new IpRestrictionPlugin(config, IpBlocks.parse(config.allow()), IpBlocks.parse(config.deny()),
                context.logger());
    }
}
