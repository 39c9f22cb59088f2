package io.portico.plugin;

/**
 * One window of a {@link SharedState#consume rate quota}.
 *
 * @param name        the window's name, part of the key (e.g. {@code minute})
 * @param limit       how much may be consumed in the window
 * @param windowStart when the current window began (epoch millis); every node must compute the same value
 * @param windowMillis the window's length
 */
public record Quota(String name, long limit, long windowStart, long windowMillis) {
    public Quota {
        if (limit < 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("a quota needs limit >= 0 and a positive window: " + limit + "/"
                    + windowMillis);
        }
    }

    /** When the current window ends (epoch millis). */
    public long windowEnd() {
        return windowStart + windowMillis;
    }
}
