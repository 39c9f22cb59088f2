package io.portico.runtime.testing.plugins;

import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test plugins {@code trace-a} (priority 3000), {@code trace-b} (2000) and {@code trace-c} (1000): each appends
 * "name:label" to the request header X-Trace in the access phase, to the response header X-Trace in the header
 * phase, and to {@link #LOG} in the log phase, so tests see the order of each phase and which config won.
 */
public final class TracePlugins {
    /** Log-phase calls, in order: "name:label". */
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    private TracePlugins() {
    }

    /** @param label identifies the config entry that won (e.g. "route", "consumer") */
    public record Config(String label) {
        public Config {
            label = label == null ? "" : label;
        }
    }

    static final class Trace implements Plugin {
        private final String tag;

        Trace(String name, Config config) {
            this.tag = name + ":" + config.label();
        }

        @Override
        public void access(Exchange exchange) {
            exchange.request().addHeader("X-Trace", tag);
        }

        @Override
        public void header(Exchange exchange) {
            exchange.response().addHeader("X-Trace", tag);
        }

        @Override
        public void log(Exchange exchange) {
            LOG.add(tag);
        }
    }

    abstract static class Factory implements PluginFactory<Config> {
        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public Plugin create(Config config, PluginContext context) {
            return new Trace(name(), config);
        }
    }

    public static final class A extends Factory {
        public String name() {
            return "trace-a";
        }

        public int priority() {
            return 3000;
        }
    }

    public static final class B extends Factory {
        public String name() {
            return "trace-b";
        }

        public int priority() {
            return 2000;
        }
    }

    public static final class C extends Factory {
        public String name() {
            return "trace-c";
        }

        public int priority() {
            return 1000;
        }
    }
}
