package io.portico.runtime.proxy;

import io.helidon.webserver.CloseConnectionException;

/**
 * The response failed after its status line was committed: the only honest thing left is to close the client's
 * connection, so the client sees a truncated response rather than a complete-looking one. Helidon closes the
 * connection for a {@link CloseConnectionException} without writing anything more; any other exception would
 * have it replace a not-yet-flushed response with its own 500 and keep the connection open.
 */
final class UpstreamAbortedException extends CloseConnectionException {
    UpstreamAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
