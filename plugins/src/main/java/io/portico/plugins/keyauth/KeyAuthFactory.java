package io.portico.plugins.keyauth;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.consumerauth.CredentialEntries;

/** Kong's {@code key-auth}: identifies the consumer by an API key in a header, the query string or the body. */
public final class KeyAuthFactory implements PluginFactory<KeyAuthConfig> {

    @Override
    public String name() {
        return "key-auth";
    }

    @Override
    public int priority() {
        return 1250;
    }

    @Override
    public Class<KeyAuthConfig> configType() {
        return KeyAuthConfig.class;
    }

    @Override
    public Plugin create(KeyAuthConfig config, PluginContext context) {
        AuthSupport.requireNotOnConsumer(context);
        KeyIndex keys = KeyIndex.build(CredentialEntries.of(context, KeyIndex.KIND, KeyIndex.ownFields()),
                System.nanoTime());
        return new KeyAuthPlugin(config, keys, AuthSupport.anonymousConsumer(config.anonymous(), context));
    }
}
