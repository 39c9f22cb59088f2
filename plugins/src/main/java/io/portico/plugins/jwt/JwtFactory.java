package io.portico.plugins.jwt;

import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.consumerauth.AuthSupport;

/** Kong's {@code jwt}: authenticates consumers by JWTs signed with their {@code jwt_secrets}. */
public final class JwtFactory implements PluginFactory<JwtConfig> {

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public int priority() {
        return 1450;
    }

    @Override
    public Class<JwtConfig> configType() {
        return JwtConfig.class;
    }

    @Override
    public Plugin create(JwtConfig config, PluginContext context) {
        AuthSupport.requireNotOnConsumer(context);
        Consumer anonymous = AuthSupport.anonymousConsumer(config.anonymous(), context);
        var secrets = JwtSecrets.index(context.credentials(JwtSecrets.KIND), config.secretIsBase64(), context.logger());
        return new JwtPlugin(config, secrets, anonymous);
    }
}
