package io.portico.runtime.balancer;

/** Chooses the target of each upstream attempt. */
public interface TargetPicker {

    /** The target for the next attempt, or {@code null} when none can take requests. */
    Target next();

    /** A picker that always answers the same target (a service pointing at a plain host). */
    static TargetPicker single(Target target) {
        return () -> target;
    }
}
