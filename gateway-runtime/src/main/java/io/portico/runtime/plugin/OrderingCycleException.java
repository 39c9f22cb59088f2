package io.portico.runtime.plugin;

import java.util.List;

/** The {@code ordering} constraints of the plugins of one chain contradict each other in one phase. */
public class OrderingCycleException extends Exception {
    private final transient List<ChainEntry> cycle;

    OrderingCycleException(Phase phase, List<ChainEntry> cycle) {
        super("plugin ordering has a cycle in the " + phase.configName() + " phase: "
                + String.join(" -> ", cycle.stream().map(ChainEntry::name).toList()) + " -> " + cycle.getFirst().name());
        this.cycle = List.copyOf(cycle);
    }

    /** The entries of the cycle, each to run before the next (to point at their lines). */
    public List<ChainEntry> cycle() {
        return cycle;
    }
}
