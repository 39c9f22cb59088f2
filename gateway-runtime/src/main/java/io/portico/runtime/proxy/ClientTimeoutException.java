package io.portico.runtime.proxy;

import io.helidon.webserver.CloseConnectionException;

/**
 * A client was too slow: its request head or body did not arrive in time. The 408 has already been written and
 * the connection closed by the time this is thrown, so whoever catches it must not answer again.
 */
final class ClientTimeoutException extends CloseConnectionException {
    ClientTimeoutException(String message) {
        super(message);
    }

    /** The timeout behind this failure, if there is one in its causes. */
    static ClientTimeoutException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClientTimeoutException timeout) {
                return timeout;
            }
        }
        return null;
    }
}
