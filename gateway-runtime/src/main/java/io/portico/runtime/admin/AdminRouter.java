package io.portico.runtime.admin;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's paths: templates such as {@code /services/{x}/routes}, each with its methods. A path that
 * matches no template is 404; a path that matches with another method is 405 with {@code Allow}. A trailing
 * {@code /} is ignored, as Kong does.
 */
final class AdminRouter {

    /** One admin call: the request, the response, and the values of the template's {@code {}} segments. */
    record Call(ServerRequest req, ServerResponse res, List<String> params) {
        String param(int index) {
            return params.get(index);
        }
    }

    @FunctionalInterface
    interface Endpoint {
        void handle(Call call) throws Exception;
    }

    private record Template(String[] segments, Map<String, Endpoint> methods) {
    }

    private final List<Template> templates = new ArrayList<>();

    AdminRouter get(String template, Endpoint endpoint) {
        return add("GET", template, endpoint);
    }

    AdminRouter post(String template, Endpoint endpoint) {
        return add("POST", template, endpoint);
    }

    private AdminRouter add(String method, String template, Endpoint endpoint) {
        String[] segments = split(template);
        for (Template t : templates) {
            if (Arrays.equals(t.segments(), segments)) {
                t.methods().put(method, endpoint);
                return this;
            }
        }
        Map<String, Endpoint> methods = new LinkedHashMap<>();
        methods.put(method, endpoint);
        templates.add(new Template(segments, methods));
        return this;
    }

    void dispatch(ServerRequest req, ServerResponse res) throws Exception {
        String[] path = split(req.path().path());
        String method = req.prologue().method().text();
        for (Template t : templates) {
            List<String> params = match(t.segments(), path);
            if (params == null) {
                continue;
            }
            Endpoint endpoint = t.methods().get(method);
            if (endpoint == null) {
                res.header("Allow", String.join(", ", t.methods().keySet()));
                AdminJson.sendMessage(res, 405, "Method not allowed: " + method + " " + req.path().path()
                        + (method.equals("GET") ? "" : " (entities come from the declarative config: replace it"
                        + " with POST /config)"));
                return;
            }
            endpoint.handle(new Call(req, res, params));
            return;
        }
        AdminJson.sendMessage(res, 404, "Not found");
    }

    private static List<String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < template.length; i++) {
            if (template[i].equals("{}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.add(path[i]);
            } else if (!template[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
