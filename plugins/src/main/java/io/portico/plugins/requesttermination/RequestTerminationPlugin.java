package io.portico.plugins.requesttermination;

import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Request;

import java.util.Map;

/** Answers every request (or every request carrying the trigger) without calling the upstream. */
final class RequestTerminationPlugin implements Plugin {

    // The messages Kong's handler falls back to when no message is configured.
    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.of(
            401, "Unauthorized",
            404, "Not found",
            405, "Method not allowed",
            500, "An unexpected error occurred",
            502, "Bad Gateway",
            503, "Service unavailable");

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");

    private final RequestTerminationConfig config;

    RequestTerminationPlugin(RequestTerminationConfig config) {
        this.config = config;
    }

    /** The message for a status when none is configured, as Kong's, or {@code null} (then the body is empty). */
    static String defaultMessage(int status) {
        return DEFAULT_MESSAGES.get(status);
    }

    @Override
    public void access(Exchange exchange) {
        if (config.trigger() != null && !carriesTrigger(exchange.request())) {
            return;
        }
        int status = config.statusCode();
        String message = config.message() != null ? config.message() : defaultMessage(status);
        if (config.echo()) {
            exchange.respond(status, Json.write(RequestEcho.of(exchange, message)), JSON);
        } else if (config.body() != null) {
            exchange.respond(status, config.body(),
                    config.contentType() == null ? Map.of() : Map.of("Content-Type", config.contentType()));
        } else if (message != null) {
            exchange.respondMessage(status, message);
        } else {
            exchange.respond(status, new byte[0], Map.of());
        }
    }

    private boolean carriesTrigger(Request request) {
        return !request.headers(config.trigger()).isEmpty() || request.queryParams().containsKey(config.trigger());
    }

    @Override
    public BodyMode requestBodyMode() {
        // The echo shows the request body, as Kong's raw_body.
        return config.echo() ? BodyMode.BUFFERED : BodyMode.NONE;
    }
}
