package io.portico.plugins.aggregate;

import io.portico.plugin.Consumer;
import io.portico.plugin.Exchange;

import java.util.List;
import java.util.Map;

/**
 * What placeholders take from the incoming request, read once in the access phase (the calls run on other
 * threads): query parameters, headers, regex captures of the route's path, the identified consumer.
 */
record RequestValues(Map<String, List<String>> query, Map<String, String> headers, Map<String, String> captures,
                     Consumer consumer) {

    static RequestValues of(Exchange exchange) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (String name : exchange.request().headerNames()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), exchange.request().header(name));
        }
        Map<String, String> captures = exchange.route() == null || exchange.route().captures() == null ? Map.of()
                : exchange.route().captures();
        return new RequestValues(exchange.request().queryParams(), headers, captures,
                exchange.consumer().orElse(null));
    }

    /** The value of a request placeholder, or {@code null}. */
    String value(Template.Reference ref) {
        return switch (ref.source()) {
            case "query" -> {
                List<String> values = query.get(ref.name());
                yield values == null || values.isEmpty() ? null : values.getFirst();
            }
            case "header" -> headers.get(ref.name().toLowerCase(java.util.Locale.ROOT));
            case "path" -> captures.get(ref.name());
            case "consumer" -> consumer == null ? null : switch (ref.name()) {
                case "username" -> consumer.username();
                case "id" -> consumer.id();
                case "custom_id" -> consumer.customId();
                default -> null;
            };
            default -> null;
        };
    }
}
