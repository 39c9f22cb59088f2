package io.portico.plugin;

/**
 * The shared state could not answer: Redis unreachable, its deadline passed, or its circuit breaker open (it failed
 * repeatedly and is not called again until a pause has passed). Cheap to throw.
 */
public class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    public StateUnavailableException(String message) {
        this(message, null);
    }
}
