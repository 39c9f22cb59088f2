package io.portico.plugins.requesttransformer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Request;
import io.portico.plugins.transform.JsonFields;
import io.portico.plugins.transform.MultipartBody;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kong's {@code request-transformer}, in Kong's order: the upstream path, the method, headers, body (JSON,
 * form-urlencoded or multipart; other bodies pass unchanged), query string; within each, remove, rename, replace, add, append.
 * Templates read the request as the client sent it.
 */
final class RequestTransformerPlugin implements Plugin {
    private enum BodyKind { JSON, FORM, MULTIPART }

    private final String httpMethod;
    private final Operations ops;
    private final boolean buffersBody;
    private final boolean readsHeaders;

    RequestTransformerPlugin(String httpMethod, Operations ops) {
        this.httpMethod = httpMethod;
        this.ops = ops;
        this.buffersBody = ops.transformsBody() || bodyMovesToQuery(httpMethod);
        this.readsHeaders = ops.readsHeaders();
    }

    private static boolean bodyMovesToQuery(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "TRACE".equals(method);
    }

    @Override
    public BodyMode requestBodyMode() {
        return buffersBody ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public void access(Exchange exchange) {
        Request request = exchange.request();
        Template.Values values = values(exchange, readsHeaders ? headerSnapshot(request) : Map.of());
        if (ops.uri() != null) {
            request.setUpstreamPath(ops.uri().render(values));
        }
        if (httpMethod != null) {
            transformMethod(request);
        }
        transformHeaders(request, values);
        if (ops.transformsBody()) {
            transformBody(request, values);
        }
        if (ops.transformsQuery()) {
            transformQuery(request, values);
        }
    }

    // ---- method ----

    private void transformMethod(Request request) {
        request.setMethod(httpMethod);
        if (bodyMovesToQuery(httpMethod) && bodyKind(request) == BodyKind.FORM && !request.bodyTooLarge()) {
            Params form = Params.parse(new String(request.body(), StandardCharsets.UTF_8));
            if (!form.isEmpty()) {
                Params query = Params.parse(request.upstreamQuery());
                form.asMap().forEach((name, list) -> list.forEach(value -> query.append(name, value)));
                request.setUpstreamQuery(query.encode());
            }
        }
    }

    // ---- headers ----

    private void transformHeaders(Request request, Template.Values values) {
        for (Operations.Entry e : ops.remove().headers()) {
            request.removeHeader(e.name());
        }
        for (Operations.Entry e : ops.rename().headers()) {
            List<String> old = request.headers(e.name());
            if (!old.isEmpty()) {
                List<String> moved = List.copyOf(old);
                request.removeHeader(e.name());
                moved.forEach(v -> request.addHeader(e.value().render(values), v));
            }
        }
        for (Operations.Entry e : ops.replace().headers()) {
            if (request.header(e.name()) != null || isHost(e.name())) {
                setOrClear(request, e.name(), e.value().render(values));
            }
        }
        for (Operations.Entry e : ops.add().headers()) {
            String value = e.value().render(values);
            if (request.header(e.name()) == null && !isHost(e.name()) && !value.isEmpty()) {
                request.setHeader(e.name(), value);
            }
        }
        for (Operations.Entry e : ops.append().headers()) {
            String value = e.value().render(values);
            if (!isHost(e.name()) && !value.isEmpty()) {
                request.addHeader(e.name(), value);
            }
        }
    }

    private static boolean isHost(String name) {
        return "host".equalsIgnoreCase(name);
    }

    /** nginx drops a header set to an empty value. */
    private static void setOrClear(Request request, String name, String value) {
        if (value.isEmpty()) {
            request.removeHeader(name);
        } else {
            request.setHeader(name, value);
        }
    }

    // ---- body ----

    private void transformBody(Request request, Template.Values values) {
        BodyKind kind = bodyKind(request);
        if (kind == null || request.bodyTooLarge()) {
            return;
        }
        byte[] body = request.body();
        byte[] changed = switch (kind) {
            case JSON -> transformJson(body, values);
            case FORM -> transformForm(body, values);
            case MULTIPART -> transformMultipart(request.header("Content-Type"), body, values);
        };
        if (changed != null) {
            request.setBody(changed);
        }
    }

    /** The new body, or {@code null} to leave it as it is (not a JSON object, or nothing to do). */
    private byte[] transformJson(byte[] body, Template.Values values) {
        boolean present = body.length > 0;
        ObjectNode json = present ? JsonFields.parseObject(body) : JsonFields.MAPPER.createObjectNode();
        if (json == null) {
            return null;
        }
        boolean changed = false;
        if (present) {
            for (Operations.Entry e : ops.remove().body()) {
                json.remove(e.name());
                changed = true;
            }
            for (Operations.Entry e : ops.rename().body()) {
                changed |= JsonFields.rename(json, e.name(), e.value().render(values));
            }
            for (Operations.Entry e : ops.replace().body()) {
                if (JsonFields.isSet(json, e.name())) {
                    json.put(e.name(), e.value().render(values));
                    changed = true;
                }
            }
        }
        for (Operations.Entry e : ops.add().body()) {
            if (!JsonFields.isSet(json, e.name())) {
                json.put(e.name(), e.value().render(values));
                changed = true;
            }
        }
        for (Operations.Entry e : ops.append().body()) {
            JsonFields.append(json, e.name(), TextNode.valueOf(e.value().render(values)));
            changed = true;
        }
        return changed ? JsonFields.write(json) : null;
    }

    private byte[] transformForm(byte[] body, Template.Values values) {
        boolean present = body.length > 0;
        Params form = Params.parse(new String(body, StandardCharsets.UTF_8));
        boolean changed = false;
        if (present) {
            for (Operations.Entry e : ops.remove().body()) {
                form.remove(e.name());
                changed = true;
            }
            for (Operations.Entry e : ops.rename().body()) {
                changed |= form.rename(e.name(), e.value().render(values));
            }
            for (Operations.Entry e : ops.replace().body()) {
                if (form.has(e.name())) {
                    form.set(e.name(), e.value().render(values));
                    changed = true;
                }
            }
        }
        changed |= addAndAppend(form, ops.add().body(), ops.append().body(), values);
        return changed ? form.encode().getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * Kong's multipart rules: rename, remove, replace, add (no append); a changed field becomes a simple part at
     * the end, every other part (files included) stays as sent. An empty or unreadable body is left alone.
     */
    private byte[] transformMultipart(String contentType, byte[] body, Template.Values values) {
        MultipartBody parsed = body.length == 0 ? null : MultipartBody.parse(contentType, body);
        if (parsed == null) {
            return null;
        }
        Map<String, String> sent = new HashMap<>();
        for (MultipartBody.Part part : parsed.parts()) {
            if (part.name() != null) {
                sent.putIfAbsent(part.name(), part.value());
            }
        }
        MultipartEdits edits = new MultipartEdits(sent);
        for (Operations.Entry e : ops.rename().body()) {
            String to = e.value().render(values);
            if (edits.has(e.name()) && !e.name().equals(to)) {
                edits.set(to, edits.value(e.name()));
                edits.delete(e.name());
            }
        }
        for (Operations.Entry e : ops.remove().body()) {
            edits.delete(e.name());
        }
        for (Operations.Entry e : ops.replace().body()) {
            if (edits.has(e.name())) {
                edits.set(e.name(), e.value().render(values));
            }
        }
        for (Operations.Entry e : ops.add().body()) {
            if (!edits.has(e.name())) {
                edits.set(e.name(), e.value().render(values));
            }
        }
        return edits.removed.isEmpty() && edits.added.isEmpty() ? null : parsed.rewritten(edits.removed, edits.added);
    }

    /** Fields of a multipart body as sent, the ones taken out, and the simple ones to add. */
    private record MultipartEdits(Map<String, String> sent, Set<String> removed, Map<String, String> added) {
        MultipartEdits(Map<String, String> sent) {
            this(sent, new HashSet<>(), new LinkedHashMap<>());
        }

        boolean has(String name) {
            return added.containsKey(name) || (sent.containsKey(name) && !removed.contains(name));
        }

        String value(String name) {
            return added.containsKey(name) ? added.get(name) : sent.get(name);
        }

        void set(String name, String value) {
            removed.add(name);
            added.put(name, value);
        }

        void delete(String name) {
            removed.add(name);
            added.remove(name);
        }
    }

    private static boolean addAndAppend(Params params, List<Operations.Entry> add, List<Operations.Entry> append,
                                        Template.Values values) {
        for (Operations.Entry e : add) {
            if (!params.has(e.name())) {
                params.set(e.name(), e.value().render(values));
            }
        }
        for (Operations.Entry e : append) {
            params.append(e.name(), e.value().render(values));
        }
        return !add.isEmpty() || !append.isEmpty();
    }

    private static BodyKind bodyKind(Request request) {
        String type = request.header("Content-Type");
        if (type == null) {
            return null;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.contains("application/json")) {
            return BodyKind.JSON;
        }
        if (lower.contains("multipart/form-data")) {
            return BodyKind.MULTIPART;
        }
        return lower.contains("application/x-www-form-urlencoded") ? BodyKind.FORM : null;
    }

    // ---- query string ----

    private void transformQuery(Request request, Template.Values values) {
        Params query = Params.parse(request.upstreamQuery());
        for (Operations.Entry e : ops.remove().querystring()) {
            query.remove(e.name());
        }
        for (Operations.Entry e : ops.rename().querystring()) {
            query.rename(e.name(), e.value().render(values));
        }
        for (Operations.Entry e : ops.replace().querystring()) {
            if (query.has(e.name())) {
                query.set(e.name(), e.value().render(values));
            }
        }
        addAndAppend(query, ops.add().querystring(), ops.append().querystring(), values);
        request.setUpstreamQuery(query.encode());
    }

    // ---- template values ----

    private static Map<String, String> headerSnapshot(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : request.headerNames()) {
            headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", request.headers(name)));
        }
        return headers;
    }

    private static Template.Values values(Exchange exchange, Map<String, String> headers) {
        return (source, key) -> switch (source) {
            case HEADERS -> {
                String lower = key.toLowerCase(Locale.ROOT);
                String value = headers.get(lower);
                // as nginx's header table: headers.x_api_version finds X-Api-Version
                yield value != null ? value : headers.get(lower.replace('_', '-'));
            }
            case QUERY_PARAMS -> {
                List<String> list = exchange.request().queryParams().get(key);
                yield list == null || list.isEmpty() ? null : String.join(",", list);
            }
            case URI_CAPTURES -> exchange.route().captures() == null ? null : exchange.route().captures().get(key);
            case SHARED -> {
                Object value = exchange.ctx().get(key);
                yield value == null ? null : value.toString();
            }
            case LITERAL -> key;
        };
    }
}
