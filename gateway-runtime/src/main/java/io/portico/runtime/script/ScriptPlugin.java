package io.portico.runtime.script;

import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.SharedState;
import io.portico.runtime.plugin.DeclaredPhases;
import io.portico.runtime.plugin.Phase;

/**
 * One {@code plugins:} entry naming a script. Each call runs the script's current version, so a saved change
 * applies to the next request; the phases and body modes are those of the version in force when the config was
 * compiled (a saved change recompiles the config, so they follow).
 */
final class ScriptPlugin implements Plugin, DeclaredPhases {
    private final ScriptHandle handle;
    private final CompiledScript built;
    private final String confJson;
    private final SharedState state;
    private final System.Logger logger;

    ScriptPlugin(ScriptHandle handle, CompiledScript built, String confJson, SharedState state, System.Logger logger) {
        this.handle = handle;
        this.built = built;
        this.confJson = confJson;
        this.state = state;
        this.logger = logger;
    }

    @Override
    public void access(Exchange exchange) {
        handle.current().call(Phase.ACCESS, this, exchange);
    }

    @Override
    public void header(Exchange exchange) {
        handle.current().call(Phase.HEADER, this, exchange);
    }

    @Override
    public void body(Exchange exchange) {
        handle.current().call(Phase.BODY, this, exchange);
    }

    @Override
    public void log(Exchange exchange) {
        handle.current().call(Phase.LOG, this, exchange);
    }

    @Override
    public BodyMode requestBodyMode() {
        return built.bufferRequestBody() ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public BodyMode responseBodyMode() {
        return built.has(Phase.BODY) ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public boolean implementsPhase(Phase phase) {
        return built.has(phase);
    }

    String confJson() {
        return confJson;
    }

    SharedState state() {
        return state;
    }

    System.Logger logger() {
        return logger;
    }
}
