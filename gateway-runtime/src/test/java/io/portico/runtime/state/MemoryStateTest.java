package io.portico.runtime.state;

import io.portico.plugin.SharedState;

class MemoryStateTest extends SharedStateContract {
    private final MemoryState store = new MemoryState();

    @Override
    SharedState store() {
        return store;
    }
}
