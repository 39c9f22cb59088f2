package io.portico.plugins.acl;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.consumerauth.CredentialEntries;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Kong's {@code acl}: lets a consumer through by the groups it belongs to (its {@code acls}). */
public final class AclFactory implements PluginFactory<AclConfig> {

    @Override
    public String name() {
        return "acl";
    }

    @Override
    public int priority() {
        return 950;
    }

    @Override
    public Class<AclConfig> configType() {
        return AclConfig.class;
    }

    @Override
    public Plugin create(AclConfig config, PluginContext context) {
        AuthSupport.requireNotOnConsumer(context);
        checkAcls(context);
        return new AclPlugin(config);
    }

    /**
     * Kong's acls entity: a non-empty {@code group}, once per consumer (its cache key is consumer + group). The
     * consumer's groups themselves come with the consumer ({@code Consumer.groups()}).
     */
    private static void checkAcls(PluginContext context) {
        Map<String, Set<String>> seen = new HashMap<>();
        for (CredentialEntries.Entry e : CredentialEntries.of(context, "acls", Set.of("group"))) {
            String group = e.requiredString("group");
            String owner = e.credential().consumer() == null ? "" : e.credential().consumer().id();
            if (!seen.computeIfAbsent(owner, k -> new HashSet<>()).add(group)) {
                throw e.problem("group", "the consumer is already in group '" + group + "'");
            }
        }
    }
}
