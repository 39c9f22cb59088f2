package io.portico.plugins.aggregate;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;
import io.portico.plugin.ServiceCalls;

/**
 * Portico's {@code aggregate}: answers a request itself with one JSON object merged from calls to services of the
 * config, made in parallel where they do not need each other's answers. docs/plugins/aggregate.md.
 */
public final class AggregateFactory implements PluginFactory<AggregateConfig> {

    @Override
    public String name() {
        return "aggregate";
    }

    /** Runs after auth (so {consumer.username} is known) and limits, before request-termination (2). */
    @Override
    public int priority() {
        return 5;
    }

    @Override
    public Class<AggregateConfig> configType() {
        return AggregateConfig.class;
    }

    @Override
    public Plugin create(AggregateConfig config, PluginContext context) {
        ServiceCalls calls = context.serviceCalls();
        for (int i = 0; i < config.calls().size(); i++) {
            CallConfig call = config.calls().get(i);
            String problem = calls.problem(call.service(), call.route());
            if (problem != null) {
                boolean aboutService = problem.startsWith("no service") || problem.startsWith("service");
                throw new ConfigException("calls[" + i + "]." + (aboutService ? "service" : "route"), problem);
            }
        }
        return new AggregatePlugin(config, calls, context.logger());
    }
}
