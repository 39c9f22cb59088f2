package io.portico.plugins.aggregate;

import io.portico.plugin.ConfigException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config of {@code aggregate} (Portico's own): the calls whose answers make one JSON object.
 *
 * @param timeout        ms for the whole response (default 3000); calls still running then are left out
 * @param calls          at least one
 * @param forwardHeaders headers of the incoming request passed to every call (default: {@code Authorization} and
 *                       the headers the config's auth plugins read credentials from, such as key-auth's
 *                       {@code apikey})
 */
public record AggregateConfig(Integer timeout, List<CallConfig> calls, List<String> forwardHeaders) {

    public AggregateConfig {
        timeout = timeout == null ? 3000 : timeout;
        if (timeout <= 0) {
            throw new ConfigException("timeout", "must be greater than 0");
        }
        if (calls == null || calls.isEmpty()) {
            throw new ConfigException("calls", "at least one call is required");
        }
        calls = List.copyOf(calls);
        forwardHeaders = forwardHeaders == null ? null : List.copyOf(forwardHeaders);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            if (!keys.add(calls.get(i).key())) {
                throw new ConfigException("calls[" + i + "].key", "'" + calls.get(i).key() + "' is used twice");
            }
        }
        checkReferences(calls);
    }

    /** Every {@code {x.y}} names a request source or another call, and no calls wait for each other in a cycle. */
    private static void checkReferences(List<CallConfig> calls) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            index.put(calls.get(i).key(), i);
        }
        List<Set<String>> needs = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Set<String> deps = new LinkedHashSet<>();
            for (var field : templates(calls.get(i), i).entrySet()) {
                for (Template.Reference ref : field.getValue().references()) {
                    if (CallConfig.REQUEST_SOURCES.contains(ref.source())) {
                        continue;
                    }
                    if (!index.containsKey(ref.source())) {
                        throw new ConfigException(field.getKey(), ref + " names no call and no request value"
                                + " (query, header, path, consumer)");
                    }
                    if (ref.source().equals(calls.get(i).key())) {
                        throw new ConfigException(field.getKey(), ref + ": a call cannot use its own answer");
                    }
                    deps.add(ref.source());
                }
            }
            needs.add(deps);
        }
        int[] state = new int[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            List<String> cycle = cycleFrom(i, calls, index, needs, state, new ArrayList<>());
            if (cycle != null) {
                throw new ConfigException("calls[" + index.get(cycle.getFirst()) + "]",
                        "calls wait for each other in a cycle: " + String.join(" -> ", cycle));
            }
        }
    }

    private static List<String> cycleFrom(int i, List<CallConfig> calls, Map<String, Integer> index,
                                          List<Set<String>> needs, int[] state, List<String> path) {
        if (state[i] == 2) {
            return null;
        }
        String key = calls.get(i).key();
        if (state[i] == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(key), path.size()));
            cycle.add(key);
            return cycle;
        }
        state[i] = 1;
        path.add(key);
        for (String dep : needs.get(i)) {
            List<String> cycle = cycleFrom(index.get(dep), calls, index, needs, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        state[i] = 2;
        return null;
    }

    /** The templated fields of a call, by their field path in the config. */
    static Map<String, Template> templates(CallConfig call, int i) {
        String prefix = "calls[" + i + "].";
        Map<String, Template> out = new java.util.LinkedHashMap<>();
        out.put(prefix + "path", Template.parse(call.path(), prefix + "path"));
        call.headers().forEach((name, value) ->
                out.put(prefix + "headers." + name, Template.parse(value, prefix + "headers." + name)));
        if (call.body() != null) {
            out.put(prefix + "body", Template.parse(call.body(), prefix + "body", true));
        }
        return out;
    }
}
