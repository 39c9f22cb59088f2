package io.portico.plugins.consumerauth;

import io.portico.plugin.Bodies;
import io.portico.plugin.ConfigException;
import io.portico.plugin.Consumer;
import io.portico.plugin.Exchange;
import io.portico.plugin.PluginContext;

import java.util.Map;

/** What Kong's auth plugins (key-auth, basic-auth) and acl have in common. */
public final class AuthSupport {
    private AuthSupport() {
    }

    /**
     * Kong's {@code consumer = typedefs.no_consumer}: authentication plugins, acl and cors run before a consumer
     * is known, so an entry attached to a consumer could never apply; Kong refuses it, so do we.
     */
    public static void requireNotOnConsumer(PluginContext context) {
        String scope = context.scope();
        if (scope != null && scope.startsWith("consumer")) {
            throw new ConfigException("consumer", context.pluginName()
                    + " cannot be attached to a consumer (Kong: value must be null)");
        }
    }

    /**
     * The {@code anonymous} consumer, looked up as Kong does (id, then username) when the config loads. Kong
     * answers every request with a 500 when it does not exist; refusing the config says it once, at the start.
     *
     * @return the consumer, or {@code null} when {@code anonymous} is not set
     */
    public static Consumer anonymousConsumer(String anonymous, PluginContext context) {
        if (anonymous == null) {
            return null;
        }
        return context.findConsumer(anonymous).orElseThrow(() -> new ConfigException("anonymous",
                "anonymous consumer " + anonymous + " is configured but doesn't exist"));
    }

    /** Kong rejects empty strings in every string field. */
    public static void requireNonEmpty(String field, String value) {
        if (value != null && value.isEmpty()) {
            throw new ConfigException(field, "length must be at least 1");
        }
    }

    /**
     * A realm is sent inside a quoted {@code WWW-Authenticate} parameter: a quote, a backslash or a control
     * character would break the header (Kong does not check; it would send a broken header).
     */
    public static void requireQuotable(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new ConfigException(field, "must not contain quotes, backslashes or control characters");
            }
        }
    }

    /**
     * Whether an auth plugin leaves this request alone: an OPTIONS request when {@code run_on_preflight} is off
     * (Kong skips every OPTIONS there), or, with an {@code anonymous} fallback, a caller an earlier auth plugin
     * already identified (Kong's "logical OR" of auth plugins).
     */
    public static boolean skips(Exchange exchange, boolean runOnPreflight, Consumer anonymous) {
        if (!runOnPreflight && "OPTIONS".equals(exchange.request().method())) {
            return true;
        }
        return anonymous != null && exchange.credential().isPresent();
    }

    /** Kong's {@code kong.response.error(401, message, {["WWW-Authenticate"] = challenge})}. */
    public static void unauthorized(Exchange exchange, String message, String challenge) {
        exchange.respond(401, Bodies.jsonMessage(message), Map.of(
                "Content-Type", "application/json; charset=utf-8",
                "WWW-Authenticate", challenge));
    }

    /** How config errors and logs name a consumer (never by a credential). */
    public static String label(Consumer consumer) {
        if (consumer == null) {
            return "(no consumer)";
        }
        if (consumer.username() != null) {
            return "consumer \"" + consumer.username() + "\"";
        }
        if (consumer.customId() != null) {
            return "consumer with custom_id \"" + consumer.customId() + "\"";
        }
        return "consumer " + consumer.id();
    }
}
