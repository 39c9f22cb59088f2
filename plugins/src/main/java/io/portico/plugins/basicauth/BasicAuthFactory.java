package io.portico.plugins.basicauth;

import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.consumerauth.CredentialEntries;

/** Kong's {@code basic-auth}: identifies the consumer by a username and password (RFC 7617). */
public final class BasicAuthFactory implements PluginFactory<BasicAuthConfig> {

    @Override
    public String name() {
        return "basic-auth";
    }

    @Override
    public int priority() {
        return 1100;
    }

    @Override
    public Class<BasicAuthConfig> configType() {
        return BasicAuthConfig.class;
    }

    @Override
    public Plugin create(BasicAuthConfig config, PluginContext context) {
        AuthSupport.requireNotOnConsumer(context);
        PasswordIndex passwords = PasswordIndex.build(
                CredentialEntries.of(context, PasswordIndex.KIND, PasswordIndex.ownFields()));
        return new BasicAuthPlugin(config, passwords, AuthSupport.anonymousConsumer(config.anonymous(), context));
    }
}
