package io.portico.plugins.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.ServiceCalls;
import io.portico.plugin.SubRequest;
import io.portico.plugin.SubResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers the request with one JSON object keyed by each call's {@code key}. Calls start at once on virtual threads;
 * a call that uses another's answer waits for just that one. An optional call that fails or runs out of time is
 * left out ({@code X-Portico-Completed: false}); a required one that fails makes the answer a 502 naming it.
 */
final class AggregatePlugin implements Plugin {
    static final String COMPLETED = "X-Portico-Completed";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_TYPE = Map.of("Content-Type", "application/json; charset=utf-8");

    /** A call ready to run: its templates parsed and the calls it waits for. */
    private record Call(CallConfig config, Template path, Template query, Map<String, Template> headers,
                        Template body, Set<String> needs, Shaping shaping) {
    }

    /** How one call ended. */
    private record Outcome(JsonNode answer, JsonNode shaped, String failure, Template.Reference missing) {
        static Outcome ok(JsonNode answer, JsonNode shaped) {
            return new Outcome(answer, shaped, null, null);
        }

        static Outcome failed(String why) {
            return new Outcome(null, null, why, null);
        }

        boolean succeeded() {
            return failure == null;
        }
    }

    private final AggregateConfig config;
    private final ServiceCalls services;
    private final System.Logger log;
    private final List<Call> calls = new ArrayList<>();

    AggregatePlugin(AggregateConfig config, ServiceCalls services, System.Logger log) {
        this.config = config;
        this.services = services;
        this.log = log;
        for (int i = 0; i < config.calls().size(); i++) {
            CallConfig c = config.calls().get(i);
            String prefix = "calls[" + i + "].";
            int q = c.path().indexOf('?');
            Template path = Template.parse(q < 0 ? c.path() : c.path().substring(0, q), prefix + "path");
            Template query = q < 0 ? null : Template.parse(c.path().substring(q + 1), prefix + "path");
            Map<String, Template> headers = new LinkedHashMap<>();
            c.headers().forEach((name, value) -> headers.put(name, Template.parse(value, prefix + "headers." + name)));
            Template body = c.body() == null ? null : Template.parse(c.body(), prefix + "body", true);
            Set<String> needs = java.util.stream.Stream.concat(java.util.stream.Stream.of(path, query, body),
                            headers.values().stream()).filter(java.util.Objects::nonNull)
                    .flatMap(t -> t.references().stream()).map(Template.Reference::source)
                    .filter(s -> !CallConfig.REQUEST_SOURCES.contains(s))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
            calls.add(new Call(c, path, query, headers, body, needs, Shaping.of(c)));
        }
    }

    @Override
    public void access(Exchange exchange) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeout());
        RequestValues request = RequestValues.of(exchange);
        Map<String, List<String>> forwarded = forwardedHeaders(exchange);
        Map<String, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
        calls.forEach(c -> outcomes.put(c.config().key(), new CompletableFuture<>()));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Call call : calls) {
                threads.submit(() -> outcomes.get(call.config().key())
                        .complete(run(call, exchange, request, forwarded, outcomes, threads, deadline)));
            }
            Map<String, Outcome> done = new LinkedHashMap<>();
            for (Call call : calls) {
                done.put(call.config().key(), await(outcomes.get(call.config().key()), deadline,
                        "the aggregate's timeout (" + config.timeout() + " ms) passed"));
            }
            answer(exchange, done);
        } finally {
            threads.shutdownNow(); // interrupts calls still running: their connections are closed
        }
    }

    private Outcome run(Call call, Exchange exchange, RequestValues request, Map<String, List<String>> forwarded,
                        Map<String, CompletableFuture<Outcome>> outcomes, ExecutorService threads, long deadline) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String need : call.needs()) {
            Outcome o = await(outcomes.get(need), deadline, "the aggregate's timeout passed");
            if (!o.succeeded()) {
                return Outcome.failed("it needs call '" + need + "', which failed");
            }
            answers.put(need, o.answer());
        }
        SubRequest sub;
        try {
            sub = subRequest(call, request, answers, forwarded);
        } catch (Template.MissingValue e) {
            return new Outcome(null, null, "no value for " + e.reference, e.reference);
        }
        long callNanos = call.config().timeout() == null ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(call.config().timeout());
        long until = Math.min(deadline, System.nanoTime() + Math.min(callNanos, Long.MAX_VALUE / 4));
        Future<SubResponse> pending = threads.submit(() -> services.call(exchange, sub));
        SubResponse response;
        try {
            response = pending.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Outcome.failed("no answer within " + (call.config().timeout() != null && until < deadline
                    ? call.config().timeout() + " ms" : "the aggregate's timeout"));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            log.log(System.Logger.Level.WARNING, "aggregate call '" + call.config().key() + "' to service '"
                    + call.config().service() + "' failed: " + cause);
            return Outcome.failed(cause instanceof IOException ? "service '" + call.config().service()
                    + "' could not be reached" : "the call failed");
        }
        if (response.status() < 200 || response.status() > 299) {
            return Outcome.failed("service '" + call.config().service() + "' answered " + response.status());
        }
        JsonNode answer;
        try {
            answer = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            return Outcome.failed("service '" + call.config().service() + "' answered no valid JSON");
        }
        return Outcome.ok(answer, call.shaping().apply(answer));
    }

    private static Outcome await(CompletableFuture<Outcome> outcome, long deadline, String late) {
        try {
            return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Outcome.failed(late);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (ExecutionException e) {
            return Outcome.failed("the call failed");
        }
    }

    private SubRequest subRequest(Call call, RequestValues request, Map<String, JsonNode> answers,
                                  Map<String, List<String>> forwarded) {
        java.util.function.Function<Template.Reference, String> values = ref -> {
            JsonNode answer = answers.get(ref.source());
            return answer != null ? field(answer, ref.name()) : request.value(ref);
        };
        String path = call.path().render(values, Template.Encoding.URL);
        String query = call.query() == null ? "" : call.query().render(values, Template.Encoding.URL);
        Map<String, List<String>> headers = new LinkedHashMap<>(forwarded);
        call.headers().forEach((name, template) -> {
            try {
                headers.put(name.toLowerCase(Locale.ROOT), List.of(template.render(values, Template.Encoding.HEADER)));
            } catch (Template.MissingValue e) {
                // a header whose value the request lacks is left out: the call is still made
            }
        });
        byte[] body = new byte[0];
        if (call.body() != null) {
            body = call.body().render(values, Template.Encoding.JSON).getBytes(StandardCharsets.UTF_8);
            headers.putIfAbsent("content-type", List.of("application/json"));
        }
        return new SubRequest(call.config().service(), call.config().route(), call.config().method(), path, query,
                headers, body);
    }

    /** A scalar field of a JSON answer by a dotted path ({@code id}, {@code data.user.id}, {@code items.0.sku}). */
    private static String field(JsonNode answer, String dotted) {
        JsonNode node = answer;
        for (String step : dotted.split("\\.")) {
            node = node.isArray() && step.chars().allMatch(Character::isDigit) ? node.path(Integer.parseInt(step))
                    : node.path(step);
        }
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private Map<String, List<String>> forwardedHeaders(Exchange exchange) {
        Set<String> names = new LinkedHashSet<>();
        if (config.forwardHeaders() == null) {
            names.add("authorization");
            names.addAll(services.credentialHeaders());
        } else {
            config.forwardHeaders().forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names) {
            List<String> values = exchange.request().headers(name);
            if (!values.isEmpty()) {
                out.put(name, List.copyOf(values));
            }
        }
        return out;
    }

    private void answer(Exchange exchange, Map<String, Outcome> done) {
        boolean complete = true;
        boolean any = false;
        ObjectNode merged = JSON.createObjectNode();
        for (Call call : calls) {
            String key = call.config().key();
            Outcome o = done.get(key);
            if (o.succeeded()) {
                merged.set(key, o.shaped());
                any = true;
                continue;
            }
            complete = false;
            if (call.config().required()) {
                if (o.missing() != null && CallConfig.REQUEST_SOURCES.contains(o.missing().source())) {
                    exchange.respondMessage(400, "required call '" + key + "' needs " + o.missing()
                            + " of the request");
                } else {
                    exchange.respondMessage(502, "required call '" + key + "' failed: " + o.failure());
                }
                return;
            }
            log.log(System.Logger.Level.DEBUG, "aggregate call '" + key + "' left out: " + o.failure());
        }
        if (!any) {
            exchange.respondMessage(502, "no call of the aggregate succeeded");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>(JSON_TYPE);
        headers.put(COMPLETED, Boolean.toString(complete));
        try {
            exchange.respond(200, JSON.writeValueAsBytes(merged), headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
