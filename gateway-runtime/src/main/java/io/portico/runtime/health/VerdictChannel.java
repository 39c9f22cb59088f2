package io.portico.runtime.health;

import io.portico.plugin.SharedState;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the nodes of a cluster tell each other about health verdicts: one publish/subscribe channel of the node's
 * shared state ({@code portico:health}; Redis when the node has one, else only this node hears it, and ignores its
 * own messages). One subscription per node, whatever the number of upstreams; each message names its upstream.
 */
public final class VerdictChannel implements AutoCloseable {
    static final String CHANNEL = "portico:health";
    private static final System.Logger LOG = System.getLogger(VerdictChannel.class.getName());

    private final SharedState shared;
    private final String nodeId;
    private final Map<String, HealthChecker> checkers = new ConcurrentHashMap<>();
    private AutoCloseable subscription;
    private boolean closed;

    /** @param nodeId this node, so that it ignores its own messages */
    public VerdictChannel(SharedState shared, String nodeId) {
        this.shared = shared;
        this.nodeId = nodeId;
    }

    /** Tells the other nodes that {@code target} of {@code upstream} changed verdict. */
    void publish(String upstream, TargetHealth target, boolean healthy, String reason) {
        try {
            shared.publish(CHANNEL, String.join("|", nodeId, upstream, target.address(), healthy ? "1" : "0", reason));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "health verdict not published: " + e.getMessage());
        }
    }

    /** {@code checker} hears the verdicts of other nodes about {@code upstream} from now on. */
    synchronized void join(String upstream, HealthChecker checker) {
        if (closed) {
            return;
        }
        checkers.put(upstream, checker);
        if (subscription == null) {
            try {
                subscription = shared.subscribe(CHANNEL, this::heard);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "health verdicts are not shared with other nodes ({0})",
                        e.getMessage());
            }
        }
    }

    void leave(String upstream, HealthChecker checker) {
        checkers.remove(upstream, checker);
    }

    private void heard(String message) {
        String[] parts = message.split("\\|", 5);
        if (parts.length < 5 || parts[0].equals(nodeId)) {
            return;
        }
        HealthChecker checker = checkers.get(parts[1]);
        if (checker != null) {
            checker.heard(parts[0], parts[2], parts[3].equals("1"), parts[4]);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        checkers.clear();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "unsubscribing failed", e);
            }
        }
    }
}
