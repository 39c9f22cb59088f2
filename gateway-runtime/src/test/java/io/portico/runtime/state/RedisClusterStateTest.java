package io.portico.runtime.state;

import io.portico.plugin.SharedState;
import io.portico.runtime.testing.RedisClusterProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared-state contract on a real Redis Cluster of three masters. */
class RedisClusterStateTest extends SharedStateContract {
    private static RedisClusterProcesses cluster;
    private static RedisState store;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterProcesses.start();
        store = RedisState.connect(RedisSettings.parse(cluster.url("timeout=1s")));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        store.close();
        cluster.close();
    }

    @Override
    SharedState store() {
        return store;
    }
}
