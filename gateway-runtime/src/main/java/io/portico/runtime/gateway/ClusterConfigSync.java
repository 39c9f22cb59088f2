package io.portico.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.plugin.SharedState;
import io.portico.plugin.StateUnavailableException;
import io.portico.runtime.config.ConfigValidationException;

/**
 * Config changes made through one node's admin API ({@code POST /config}) reach every node sharing its Redis: the
 * node publishes the text, the others validate and apply it as if it had been posted to them (an invalid one is
 * refused there too, and their config in force keeps serving). Without Redis, nothing to share.
 */
final class ClusterConfigSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterConfigSync.class.getName());
    static final String CHANNEL = "config";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedState store;
    private final String nodeId;
    private final AutoCloseable subscription;

    private ClusterConfigSync(Gateway gateway, SharedState store) {
        this.store = store;
        this.nodeId = gateway.nodeId();
        this.subscription = store.isShared() ? store.subscribe(CHANNEL, message -> receive(gateway, message)) : null;
    }

    static ClusterConfigSync start(Gateway gateway, SharedState store) {
        return new ClusterConfigSync(gateway, store);
    }

    /** Tells the other nodes about a config just put in force here. */
    void publish(String text) {
        if (subscription == null) {
            return;
        }
        try {
            store.publish(CHANNEL, JSON.createObjectNode().put("node", nodeId).put("text", text).toString());
        } catch (StateUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "the new config is in force on this node only: " + store.describe()
                    + " is unavailable (" + e.getMessage() + "); post it to the other nodes too");
        }
    }

    private void receive(Gateway gateway, String message) {
        JsonNode m;
        try {
            m = JSON.readTree(message);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "ignored a malformed message on the config channel");
            return;
        }
        String from = m.path("node").asText();
        String text = m.path("text").asText(null);
        if (from.equals(nodeId) || text == null) {
            return;
        }
        try {
            gateway.reload(text, "POST /config on node " + from);
        } catch (ConfigValidationException e) {
            // Logged by the reload; this node keeps its config.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "config from node " + from + " not applied: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the config subscription: " + e);
            }
        }
    }
}
