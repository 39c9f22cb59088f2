package io.portico.runtime.testing.plugins;

import io.portico.plugin.Credential;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/**
 * Test plugin {@code header-auth} (priority 2500, between trace-a and trace-b): identifies the consumer named in
 * the X-Test-User header, or answers 401.
 */
public final class HeaderAuthPlugin implements PluginFactory<HeaderAuthPlugin.Config> {
    public record Config() {
    }

    @Override
    public String name() {
        return "header-auth";
    }

    @Override
    public int priority() {
        return 2500;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Plugin create(Config config, PluginContext context) {
        return new Plugin() {
            @Override
            public void access(Exchange exchange) {
                String user = exchange.request().header("X-Test-User");
                var consumer = user == null ? java.util.Optional.<io.portico.plugin.Consumer>empty()
                        : context.findConsumer(user);
                if (consumer.isEmpty()) {
                    exchange.respondMessage(401, "Unauthorized");
                    return;
                }
                exchange.authenticate(consumer.get(), new Credential("cred-" + user, user));
            }
        };
    }
}
