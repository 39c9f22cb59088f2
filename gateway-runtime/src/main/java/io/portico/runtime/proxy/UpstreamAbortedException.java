package io.portico.runtime.proxy;

/**
 * The response failed after its status line left: the only honest thing left is to close the client's
 * connection, so the client sees a truncated response rather than a complete-looking one.
 */
final class UpstreamAbortedException extends RuntimeException {
    UpstreamAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
