package io.portico.plugins.openidconnect;

import io.portico.plugin.Consumer;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.consumerauth.AuthSupport;

import java.net.URI;

/**
 * {@code openid-connect}: Portico's subset of Kong Enterprise's plugin, verifying bearer JWTs against an OpenID
 * provider's published keys. Kong's priority.
 */
public final class OpenIdConnectFactory implements PluginFactory<OpenIdConnectConfig> {

    @Override
    public String name() {
        return "openid-connect";
    }

    @Override
    public int priority() {
        return 1050;
    }

    @Override
    public Class<OpenIdConnectConfig> configType() {
        return OpenIdConnectConfig.class;
    }

    @Override
    public Plugin create(OpenIdConnectConfig config, PluginContext context) {
        AuthSupport.requireNotOnConsumer(context);
        Consumer anonymous = AuthSupport.anonymousConsumer(config.anonymous(), context);
        warnIfPlainHttp(context, "issuer", config.discoveryUri());
        if (config.jwksUri() != null) {
            warnIfPlainHttp(context, "jwks_uri", URI.create(config.jwksUri()));
        }
        // No fetch here: create also runs for `portico validate`; keys are fetched by the first token.
        return new OpenIdConnectPlugin(config, IssuerKeys.shared(IssuerKeys.Settings.of(config), context.logger()),
                context, anonymous);
    }

    private static void warnIfPlainHttp(PluginContext context, String field, URI uri) {
        String host = uri.getHost();
        boolean loopback = "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || host.equals("[::1]");
        if ("http".equalsIgnoreCase(uri.getScheme()) && !loopback) {
            context.logger().log(System.Logger.Level.WARNING, "{0}: {1} is plain http; whoever sits on the path can"
                    + " hand the gateway their own keys", context.scope(), field);
        }
    }
}
