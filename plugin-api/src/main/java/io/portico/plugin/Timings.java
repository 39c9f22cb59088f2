package io.portico.plugin;

/** When things happened in one request. Nanosecond values come from {@link System#nanoTime()}; -1 means not yet. */
public interface Timings {

    /** Wall-clock time the request was received, epoch milliseconds. */
    long receivedAtMillis();

    /** {@link System#nanoTime()} when the request was received. */
    long receivedAtNanos();

    /** When the request was sent upstream (after the access phase), or -1. */
    long upstreamSentNanos();

    /** When the upstream's status and headers arrived, or -1. */
    long upstreamHeadersNanos();

    /** When the last response byte was sent to the client, or -1. */
    long completedNanos();

    /** Milliseconds spent waiting for the upstream's headers, or -1 when the request did not go upstream. */
    default long upstreamLatencyMillis() {
        long sent = upstreamSentNanos();
        long headers = upstreamHeadersNanos();
        return sent < 0 || headers < 0 ? -1 : (headers - sent) / 1_000_000;
    }

    /** Milliseconds the gateway itself spent before sending upstream (Kong's proxy latency). */
    default long proxyLatencyMillis() {
        long sent = upstreamSentNanos();
        return sent < 0 ? -1 : (sent - receivedAtNanos()) / 1_000_000;
    }
}
