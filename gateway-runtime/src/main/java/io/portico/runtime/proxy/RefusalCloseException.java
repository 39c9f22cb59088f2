package io.portico.runtime.proxy;

import io.helidon.webserver.CloseConnectionException;

/**
 * The gateway refused a request in a way that leaves the connection's framing in doubt, answered with
 * {@code Connection: close}, and now closes it; what the client still sends is drained first (see
 * {@link GuardedConnection}), so the answer is not lost to a reset.
 */
final class RefusalCloseException extends CloseConnectionException {
    RefusalCloseException(String message) {
        super(message);
    }
}
