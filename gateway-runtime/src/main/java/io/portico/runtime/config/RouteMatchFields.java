package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.runtime.Tokens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields a route matches requests on ({@code methods}, {@code hosts}, {@code paths}, {@code headers}), read
 * with Kong's rules and put in the form the router compares: methods upper case, hosts and header names lower
 * case. Invalid values are reported and left out.
 */
final class RouteMatchFields {
    private RouteMatchFields() {
    }

    static List<String> methods(EntityFields fields) {
        List<String> written = fields.strings("methods");
        Set<String> methods = new LinkedHashSet<>();
        for (int i = 0; written != null && i < written.size(); i++) {
            String method = written.get(i).toUpperCase(Locale.ROOT);
            if (Tokens.isToken(method)) {
                methods.add(method);
            } else {
                fields.report(at("methods", i), "invalid method '" + written.get(i) + "': expected an HTTP method token such as GET");
            }
        }
        return List.copyOf(methods);
    }

    /** Exact hosts or a wildcard as the whole leftmost or rightmost label ({@code *.example.com}, {@code example.*}). */
    static List<String> hosts(EntityFields fields) {
        List<String> written = fields.strings("hosts");
        Set<String> hosts = new LinkedHashSet<>();
        for (int i = 0; written != null && i < written.size(); i++) {
            String host = written.get(i).toLowerCase(Locale.ROOT);
            String problem = hostProblem(host);
            if (problem == null) {
                hosts.add(host);
            } else {
                fields.report(at("hosts", i), problem);
            }
        }
        return List.copyOf(hosts);
    }

    private static String hostProblem(String host) {
        int wildcards = (int) host.chars().filter(c -> c == '*').count();
        if (wildcards > 1) {
            return "invalid wildcard: must have at most one wildcard";
        }
        if (wildcards == 1 && !host.startsWith("*.") && !host.endsWith(".*")) {
            return "invalid wildcard: must be placed at leftmost or rightmost label";
        }
        return HostNames.parse(host.replace("*", "wildcard")) == null
                ? "invalid value: '" + host + "' is no host name or IP address (with an optional port)" : null;
    }

    static List<String> paths(EntityFields fields) {
        List<String> written = fields.strings("paths");
        List<String> paths = new ArrayList<>();
        for (int i = 0; written != null && i < written.size(); i++) {
            String problem = RoutePaths.problem(written.get(i));
            if (problem == null) {
                paths.add(written.get(i));
            } else {
                fields.report(at("paths", i), problem);
            }
        }
        return List.copyOf(paths);
    }

    /**
     * Header name to accepted values; a value may be written as one string or a list. Values starting with
     * {@code ~*} are regexes (Kong's syntax) and must compile.
     */
    static Map<String, List<String>> headers(EntityFields fields) {
        var object = fields.object("headers");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (object == null) {
            return headers;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            NodePath at = NodePath.ROOT.key("headers").key(entry.getKey());
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!Tokens.isToken(name)) {
                fields.report(at, "invalid header name '" + entry.getKey() + "'");
            } else if (name.equals("host")) {
                fields.report(at, "cannot contain 'host' header, which must be specified in the 'hosts' attribute");
            } else if (headers.containsKey(name)) {
                fields.report(at, "header '" + name + "' is given twice (header names are case-insensitive)");
            } else {
                List<String> values = headerValues(fields, at, entry.getValue());
                if (values != null) {
                    headers.put(name, values);
                }
            }
        }
        return headers;
    }

    private static List<String> headerValues(EntityFields fields, NodePath at, JsonNode value) {
        if (value.isTextual()) {
            checkHeaderRegex(fields, at, value.asText());
            return List.of(value.asText());
        }
        if (!value.isArray() || value.isEmpty()) {
            fields.report(at, "expected a string or a non-empty list of strings, got "
                    + (value.isArray() ? "an empty list" : Json.describe(value)));
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isTextual()) {
                checkHeaderRegex(fields, at.index(i), element.asText());
                values.add(element.asText());
            } else {
                fields.report(at.index(i), "expected a string, got " + Json.describe(element));
            }
        }
        return List.copyOf(values);
    }

    private static void checkHeaderRegex(EntityFields fields, NodePath at, String value) {
        if (value.startsWith("~*")) {
            String problem = RoutePaths.regexProblem(value.substring(2));
            if (problem != null) {
                fields.report(at, problem);
            }
        }
    }

    private static NodePath at(String key, int index) {
        return NodePath.ROOT.key(key).index(index);
    }
}
