package io.portico.runtime.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * No connection could be opened to the target (refused, unreachable, unknown host, or the connect timeout): the
 * request never reached the upstream, so trying another target is safe.
 */
public final class UpstreamConnectException extends IOException {
    public UpstreamConnectException(PoolKey target, Throwable cause) {
        super("could not connect to " + target + ": " + cause, cause);
    }

    /** Whether it was the connect timeout that ran out. */
    public boolean timedOut() {
        return getCause() instanceof SocketTimeoutException;
    }
}
