package io.portico.runtime.proxy;

import io.portico.plugin.Timings;

/** The timings of one request, filled in as it progresses. */
final class ExchangeTimings implements Timings {
    private final long receivedAtMillis = System.currentTimeMillis();
    private final long receivedAtNanos;
    long upstreamSentNanos = -1;
    long upstreamHeadersNanos = -1;
    long completedNanos = -1;

    ExchangeTimings(long receivedAtNanos) {
        this.receivedAtNanos = receivedAtNanos;
    }

    @Override
    public long receivedAtMillis() {
        return receivedAtMillis;
    }

    @Override
    public long receivedAtNanos() {
        return receivedAtNanos;
    }

    @Override
    public long upstreamSentNanos() {
        return upstreamSentNanos;
    }

    @Override
    public long upstreamHeadersNanos() {
        return upstreamHeadersNanos;
    }

    @Override
    public long completedNanos() {
        return completedNanos;
    }
}
