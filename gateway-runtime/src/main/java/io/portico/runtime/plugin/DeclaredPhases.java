package io.portico.runtime.plugin;

/**
 * A plugin whose phases are known only at run time (a script exports some of the phase functions): it says which
 * it implements, where a Java plugin is asked by which methods its class overrides.
 */
public interface DeclaredPhases {
    boolean implementsPhase(Phase phase);
}
