package io.portico.plugins.correlationid;

import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;

/** Puts the correlation id on the request sent upstream and, with echo_downstream, on the response. */
final class CorrelationIdPlugin implements Plugin {

    /** Where the id is left for other plugins (loggers), as Kong's serialized {@code correlation_id}. */
    static final String CTX_KEY = "correlation_id";

    private final CorrelationIdConfig config;
    private final IdGenerator generator;

    CorrelationIdPlugin(CorrelationIdConfig config, IdGenerator generator) {
        this.config = config;
        this.generator = generator;
    }

    @Override
    public void access(Exchange exchange) {
        String id = exchange.request().header(config.headerName());
        if (id == null || id.isEmpty()) {
            id = generator.next(exchange);
            exchange.request().setHeader(config.headerName(), id);
        }
        exchange.ctx().put(CTX_KEY, id);
    }

    @Override
    public void header(Exchange exchange) {
        if (!config.echoDownstream()) {
            return;
        }
        // No id in ctx when a plugin of higher priority answered before this one's access phase ran.
        Object id = exchange.ctx().get(CTX_KEY);
        if (id == null) {
            String sent = exchange.request().header(config.headerName());
            id = sent == null || sent.isEmpty() ? generator.next(exchange) : sent;
        }
        exchange.response().setHeader(config.headerName(), id.toString());
    }
}
