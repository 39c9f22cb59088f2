package io.portico.plugins.requesttermination;

import io.portico.plugin.Consumer;
import io.portico.plugin.Exchange;
import io.portico.plugin.Request;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.ServiceInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The body of an echo answer, in the shape of Kong's: the request as the gateway saw it, route and service. */
final class RequestEcho {

    private RequestEcho() {
    }

    static Map<String, Object> of(Exchange exchange, String message) {
        Map<String, Object> echo = new LinkedHashMap<>();
        if (message != null) {
            echo.put("message", message);
        }
        echo.put("request", request(exchange.request(), exchange.route()));
        echo.put("matched_route", route(exchange.route()));
        echo.put("matched_service", service(exchange.service()));
        echo.put("consumer", exchange.consumer().map(RequestEcho::consumer).orElse(null));
        return echo;
    }

    private static Map<String, Object> request(Request request, RouteInfo route) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scheme", request.scheme());
        out.put("host", request.host());
        out.put("port", request.port());
        out.put("method", request.method());
        out.put("path", request.path());
        out.put("query", singleOrList(request.queryParams()));
        out.put("uri_captures", captures(route == null ? null : route.captures()));
        out.put("headers", headers(request));
        out.put("raw_body", rawBody(request));
        return out;
    }

    /** Header names in lower case, as Kong's {@code kong.request.get_headers()}. */
    private static Map<String, Object> headers(Request request) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : request.headerNames()) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), request.headers(name));
        }
        return singleOrList(headers);
    }

    /** One value as a string, several as an array, as Kong encodes headers and query parameters. */
    private static Map<String, Object> singleOrList(Map<String, List<String>> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, list) -> out.put(name, list.size() == 1 ? list.getFirst() : list));
        return out;
    }

    /** Kong's {@code {"named": {...}, "unnamed": [...]}}; unnamed groups come keyed "1", "2", ... */
    static Map<String, Object> captures(Map<String, String> captures) {
        Map<String, Object> named = new LinkedHashMap<>();
        Map<Integer, String> unnamed = new TreeMap<>();
        if (captures != null) {
            captures.forEach((key, value) -> {
                if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
                    unnamed.put(Integer.parseInt(key), value);
                } else {
                    named.put(key, value);
                }
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("named", named);
        out.put("unnamed", new ArrayList<>(unnamed.values()));
        return out;
    }

    private static String rawBody(Request request) {
        byte[] body = request.bodyTooLarge() ? null : request.body();
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> route(RouteInfo route) {
        if (route == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", route.id());
        out.put("name", route.name());
        out.put("tags", route.tags());
        out.put("matched_path", route.matchedPath());
        return out;
    }

    private static Map<String, Object> service(ServiceInfo service) {
        if (service == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", service.id());
        out.put("name", service.name());
        out.put("protocol", service.protocol());
        out.put("host", service.host());
        out.put("port", service.port());
        out.put("path", service.path());
        out.put("tags", service.tags());
        return out;
    }

    private static Map<String, Object> consumer(Consumer consumer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", consumer.id());
        out.put("username", consumer.username());
        out.put("custom_id", consumer.customId());
        return out;
    }
}
