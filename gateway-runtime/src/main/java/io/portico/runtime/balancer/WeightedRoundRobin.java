package io.portico.runtime.balancer;

import java.util.List;

/**
 * Smooth weighted round-robin (nginx's algorithm): every pick adds each target's weight to its running score,
 * takes the highest and subtracts the total. Weights 5:1:1 give a a b a c a a rather than a a a a a b c, so a
 * heavy target never gets a burst.
 */
public final class WeightedRoundRobin implements TargetPicker {
    private final Target[] targets;
    private final int[] current;
    private final int total;

    public WeightedRoundRobin(List<Target> targets) {
        this.targets = targets.stream().filter(t -> t.weight() > 0).toArray(Target[]::new);
        this.current = new int[this.targets.length];
        int sum = 0;
        for (Target t : this.targets) {
            sum += t.weight();
        }
        this.total = sum;
    }

    @Override
    public synchronized Target next() {
        if (targets.length == 0) {
            return null;
        }
        if (targets.length == 1) {
            return targets[0];
        }
        int best = 0;
        for (int i = 0; i < targets.length; i++) {
            current[i] += targets[i].weight();
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return targets[best];
    }
}
