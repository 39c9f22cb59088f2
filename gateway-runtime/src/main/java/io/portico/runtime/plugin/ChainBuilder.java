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
     * Orders one phase: a topological sort of the "before"/"after" constraints that always takes the
     * highest-priority plugin whose predecessors have run, so without constraints it is the priority order.
     */
    static List<ChainEntry> order(List<ChainEntry> byPriority, Phase phase) throws OrderingCycleException {
        int n = byPriority.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(byPriority.get(i).name(), i);
        }
        List<List<Integer>> successors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>());
        }
        int[] predecessors = new int[n];
        boolean constrained = false;
        for (int i = 0; i < n; i++) {
            Map<String, Map<String, List<String>>> ordering = byPriority.get(i).entry().ordering();
            for (String other : names(ordering, "before", phase)) {
                Integer j = index.get(other);
                if (j != null && j != i) {
                    successors.get(i).add(j);
                    predecessors[j]++;
                    constrained = true;
                }
            }
            for (String other : names(ordering, "after", phase)) {
                Integer j = index.get(other);
                if (j != null && j != i) {
                    successors.get(j).add(i);
                    predecessors[i]++;
                    constrained = true;
                }
            }
        }
        if (!constrained) {
            return byPriority;
        }
        List<ChainEntry> out = new ArrayList<>(n);
        boolean[] done = new boolean[n];
        for (int step = 0; step < n; step++) {
            int next = -1;
            for (int i = 0; i < n; i++) {
                if (!done[i] && predecessors[i] == 0) {
                    next = i;
                    break;
                }
            }
            if (next < 0) {
                List<String> cycle = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        cycle.add(byPriority.get(i).name());
                    }
                }
                throw new OrderingCycleException(phase, cycle, byPriority);
            }
            done[next] = true;
            out.add(byPriority.get(next));
            for (int j : successors.get(next)) {
                predecessors[j]--;
            }
        }
        return out;
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
