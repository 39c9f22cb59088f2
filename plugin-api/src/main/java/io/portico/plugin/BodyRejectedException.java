package io.portico.plugin;

/**
 * Thrown by a request {@link BodyFilter} that refuses the body it is reading (too large, say): the client gets
 * {@code status} with Kong's {@code {"message":"..."}} body instead of a 500, its connection is closed (the rest of
 * its body is never read), and the upstream, already sent the head, never gets the body's end.
 */
public class BodyRejectedException extends RuntimeException {
    private final int status;

    /**
     * @param status  the status to answer with, 400..599
     * @param message the message of the {@code {"message":"..."}} body
     */
    public BodyRejectedException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a rejection status is 400..599, got " + status);
        }
        this.status = status;
    }

    /** The status to answer with. */
    public int status() {
        return status;
    }
}
