package io.portico.runtime.health;

/**
 * What one probe found.
 *
 * @param kind   how it counts
 * @param detail for the admin API: {@code HTTP 200}, {@code connection refused}, ...
 */
public record ProbeResult(Kind kind, String detail) {

    public enum Kind { SUCCESS, HTTP_FAILURE, TCP_FAILURE, TIMEOUT, NEUTRAL }
}
