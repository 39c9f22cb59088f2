package io.portico.runtime.plugin;

import java.util.List;

/** The {@code ordering} constraints of the plugins of one chain contradict each other in one phase. */
public class OrderingCycleException extends Exception {
    private final transient List<ChainEntry> chain;

    OrderingCycleException(Phase phase, List<String> involved, List<ChainEntry> chain) {
        super("plugin ordering has a cycle in the " + phase.configName() + " phase among " + String.join(", ", involved));
        this.chain = chain;
    }

    /** The entries of the chain where the cycle was found (to point at their lines). */
    public List<ChainEntry> chain() {
        return chain;
    }
}
