package com.example.addheader;

import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;

/**
 * Rejects requests without the required header (access phase) and adds a header to every response (header
 * phase). One instance serves every request of its scope at once: it only reads its final fields, so it is
 * thread-safe.
 */
final class AddHeaderPlugin implements Plugin {
    private final AddHeaderConfig config;

    AddHeaderPlugin(AddHeaderConfig config) {
        this.config = config;
    }

    @Override
    public void access(Exchange exchange) {
        String required = config.requireHeader();
        if (required != null && exchange.request().header(required) == null) {
            // Answers {"message":"..."} with status 400; the upstream is not called.
            exchange.respondMessage(400, "missing header " + required);
        }
    }

    @Override
    public void header(Exchange exchange) {
        // Runs for the upstream's answer and for the gateway's or a plugin's own answers (including the 400 above).
        exchange.response().setHeader(config.headerName(), config.headerValue());
    }
}
