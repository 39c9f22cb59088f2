package io.portico.runtime.testing.plugins;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/** Test plugin {@code fail-in}: throws in the phase its config names ({@code access}, {@code header}, {@code log}). */
public final class FailingPlugin implements PluginFactory<FailingPlugin.Config> {
    public record Config(String phase) {
        public Config {
            if (phase == null) {
                phase = "access";
            }
            if (!phase.equals("access") && !phase.equals("header") && !phase.equals("log") && !phase.equals("body")) {
                throw new ConfigException("phase", "must be one of access, header, body, log");
            }
        }
    }

    @Override
    public String name() {
        return "fail-in";
    }

    @Override
    public int priority() {
        return 500;
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
                fail("access");
            }

            @Override
            public void header(Exchange exchange) {
                fail("header");
            }

            @Override
            public void body(Exchange exchange) {
                fail("body");
            }

            @Override
            public io.portico.plugin.BodyMode responseBodyMode() {
                return config.phase().equals("body") ? io.portico.plugin.BodyMode.BUFFERED
                        : io.portico.plugin.BodyMode.NONE;
            }

            @Override
            public void log(Exchange exchange) {
                fail("log");
            }

            private void fail(String phase) {
                if (config.phase().equals(phase)) {
                    throw new IllegalStateException("boom in " + phase);
                }
            }
        };
    }
}
