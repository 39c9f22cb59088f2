package io.portico.runtime.plugin;

import io.portico.runtime.config.PluginEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves which plugin entries run for a route, service and consumer, with Kong's precedence: of several
 * entries of one plugin, the most specific wins (consumer+route+service, consumer+route, consumer+service,
 * route+service, consumer, route, service, global). The winners are ordered per phase by priority (higher first)
 * and then by their {@code ordering} constraints, which Portico honours in every phase.
 */
public final class ChainBuilder {
    private static final Comparator<ChainEntry> BY_PRIORITY =
            Comparator.comparingInt(ChainEntry::priority).reversed().thenComparing(ChainEntry::name);

    private final List<ChainEntry> entries;

    /** @param entries one per enabled plugin entry of the config, instances built */
    public ChainBuilder(List<ChainEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The chain for a request on that route and service, by that consumer (any may be {@code null}).
     *
     * @throws OrderingCycleException when the winners' ordering constraints contradict each other
     */
    public PluginChain chainFor(String routeId, String serviceId, String consumerId) throws OrderingCycleException {
        Map<String, ChainEntry> winners = new LinkedHashMap<>();
        Map<String, Integer> ranks = new HashMap<>();
        for (ChainEntry e : entries) {
            int rank = rank(e.entry(), routeId, serviceId, consumerId);
            if (rank < 0) {
                continue;
            }
            Integer best = ranks.get(e.name());
            if (best == null || rank < best) {
                ranks.put(e.name(), rank);
                winners.put(e.name(), e);
            }
        }
        if (winners.isEmpty()) {
            return PluginChain.EMPTY;
        }
        List<ChainEntry> sorted = new ArrayList<>(winners.values());
        sorted.sort(BY_PRIORITY);
        return new PluginChain(order(sorted, Phase.ACCESS), order(sorted, Phase.HEADER),
                order(sorted, Phase.BODY), order(sorted, Phase.LOG));
    }

    /**
     * How specific an entry is for that request, lower = more specific (Kong's precedence); -1 when it does not
     * apply.
     */
    static int rank(PluginEntry e, String routeId, String serviceId, String consumerId) {
        if (e.route() != null && !e.route().equals(routeId)
                || e.service() != null && !e.service().equals(serviceId)
                || e.consumer() != null && !e.consumer().equals(consumerId)) {
            return -1;
        }
        boolean c = e.consumer() != null;
        boolean r = e.route() != null;
        boolean s = e.service() != null;
        if (c && r && s) {
            return 0;
        }
        if (c && r) {
            return 1;
        }
        if (c && s) {
            return 2;
        }
        if (r && s) {
            return 3;
        }
        if (c) {
            return 4;
        }
        if (r) {
            return 5;
        }
        if (s) {
            return 6;
        }
        return 7;
    }

    /**
     * Orders one phase: plugins keep their priority order, except that a plugin another one must follow is
     * pulled forward to just before it. So "c before a" on a, b, c gives c, a, b: the smallest move that honours
     * the constraint, as a user reading the config expects.
     */
    static List<ChainEntry> order(List<ChainEntry> byPriority, Phase phase) throws OrderingCycleException {
        int n = byPriority.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(byPriority.get(i).name(), i);
        }
        List<List<Integer>> predecessors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            predecessors.add(new ArrayList<>());
        }
        boolean constrained = false;
        for (int i = 0; i < n; i++) {
            Map<String, Map<String, List<String>>> ordering = byPriority.get(i).entry().ordering();
            for (String other : names(ordering, "before", phase)) {
                Integer j = index.get(other);
                if (j != null && j != i) {
                    predecessors.get(j).add(i);
                    constrained = true;
                }
            }
            for (String other : names(ordering, "after", phase)) {
                Integer j = index.get(other);
                if (j != null && j != i) {
                    predecessors.get(i).add(j);
                    constrained = true;
                }
            }
        }
        if (!constrained) {
            return byPriority;
        }
        for (List<Integer> p : predecessors) {
            p.sort(null); // pull predecessors forward in their own priority order
        }
        List<ChainEntry> out = new ArrayList<>(n);
        int[] state = new int[n]; // 0 = not placed, 1 = being placed (on the path), 2 = placed
        List<Integer> path = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            place(i, byPriority, predecessors, state, path, out, phase);
        }
        return out;
    }

    private static void place(int i, List<ChainEntry> byPriority, List<List<Integer>> predecessors, int[] state,
                              List<Integer> path, List<ChainEntry> out, Phase phase) throws OrderingCycleException {
        if (state[i] == 2) {
            return;
        }
        if (state[i] == 1) {
            // path holds successors before their predecessors: the cycle is i and what was pulled in after it
            List<ChainEntry> cycle = new ArrayList<>();
            for (int k = path.size() - 1; k >= path.indexOf(i); k--) {
                cycle.add(byPriority.get(path.get(k)));
            }
            throw new OrderingCycleException(phase, cycle);
        }
        state[i] = 1;
        path.add(i);
        for (int p : predecessors.get(i)) {
            place(p, byPriority, predecessors, state, path, out, phase);
        }
        path.removeLast();
        state[i] = 2;
        out.add(byPriority.get(i));
    }

    private static List<String> names(Map<String, Map<String, List<String>>> ordering, String direction, Phase phase) {
        if (ordering == null) {
            return List.of();
        }
        Map<String, List<String>> byPhase = ordering.get(direction);
        if (byPhase == null) {
            return List.of();
        }
        return Objects.requireNonNullElse(byPhase.get(phase.configName()), List.of());
    }
}
