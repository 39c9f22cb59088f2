package io.portico.runtime.testing.plugins;

import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

/**
 * Test plugin {@code ctx-java} (priority 500): puts {@code java_says = "hi"} into the per-request ctx in the access
 * phase, and in the header phase shows what a script left there: the value and Java type of {@code js_says} and
 * {@code js_count} as response headers X-Ctx-Js-Says and X-Ctx-Js-Count.
 */
public final class CtxPlugin implements PluginFactory<CtxPlugin.Config> {
    public record Config() {
    }

    @Override
    public String name() {
        return "ctx-java";
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
                exchange.ctx().put("java_says", "hi");
            }

            @Override
            public void header(Exchange exchange) {
                exchange.response().setHeader("X-Ctx-Js-Says", describe(exchange.ctx().get("js_says")));
                exchange.response().setHeader("X-Ctx-Js-Count", describe(exchange.ctx().get("js_count")));
            }
        };
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getName() + ")";
    }
}
