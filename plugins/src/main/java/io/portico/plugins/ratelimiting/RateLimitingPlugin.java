package io.portico.plugins.ratelimiting;

import io.portico.plugin.Bodies;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Quota;
import io.portico.plugin.QuotaDecision;
import io.portico.plugin.SharedState;
import io.portico.plugin.StateUnavailableException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Counts each request against every configured window in one atomic store call, refuses it with Kong's answer when
 * a window is full, and reports the windows in Kong's headers.
 */
final class RateLimitingPlugin implements Plugin {
    /** Where the access phase leaves the values of Kong's fields for the header phase. */
    private static final String CTX_VALUES = "rate-limiting.values";
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final RateLimitingConfig config;
    private final List<RateLimitingConfig.Window> windows;
    /** The limits as header values, made once. */
    private final String[] limitTexts;
    /**
     * Kong's fields in the order they are sent, made once: per window {@code X-RateLimit-Limit-<Period>} and
     * {@code X-RateLimit-Remaining-<Period>}, then {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset}.
     */
    private final String[] headerNames;
    private final SharedState store;
    private final SharedState local;
    private final boolean sliding;
    private final System.Logger log;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong failuresSinceWarning = new AtomicLong();
    /** The quotas of the current windows (shortest first), shared by the requests inside them. */
    private volatile List<Quota> current = List.of(new Quota("none", 0, Long.MIN_VALUE / 2, 1));
    /** The id prefix of the last request's route and service (see {@link #idPrefix}). */
    private volatile IdPrefix lastPrefix;

    RateLimitingPlugin(RateLimitingConfig config, SharedState store, SharedState local, System.Logger log) {
        this.config = config;
        this.windows = config.windows();
        this.limitTexts = windows.stream().map(w -> Long.toString(w.limit())).toArray(String[]::new);
        List<String> names = new ArrayList<>();
        for (RateLimitingConfig.Window w : windows) {
            names.add(w.period().limitHeader);
            names.add(w.period().remainingHeader);
        }
        names.addAll(List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"));
        this.headerNames = names.toArray(String[]::new);
        this.store = store;
        this.local = local;
        this.sliding = config.algorithm().equals("sliding-window");
        this.log = log;
    }

    @Override
    public void access(Exchange exchange) {
        long now = System.currentTimeMillis();
        List<Quota> quotas = quotas(now);
        String id = idPrefix(exchange) + identifier(exchange);
        QuotaDecision decision;
        try {
            decision = store.consume(id, quotas, 1, now, sliding);
        } catch (StateUnavailableException e) {
            degraded(e);
            switch (config.onStoreFailure()) {
                case "deny" -> {
                    exchange.respondMessage(503, "rate limiting is unavailable");
                    return;
                }
                case "local" -> decision = local.consume(id, quotas, 1, now, sliding);
                default -> {
                    return; // allow: no counting, no headers
                }
            }
        }
        String[] values = config.hideClientHeaders() ? null : headerValues(decision, quotas, now);
        if (!decision.allowed()) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (values != null) {
                forEachHeader(values, headers::put);
            }
            headers.put("Retry-After", retryAfter(decision, quotas, now));
            headers.put("Content-Type", "application/json; charset=utf-8");
            exchange.respond(config.errorCode(), Bodies.jsonMessage(config.errorMessage()), headers);
            return;
        }
        if (values != null) {
            exchange.ctx().put(CTX_VALUES, values);
        }
    }

    /** Kong counts per route and service as well as per identifier: the id up to the identifier. */
    private String idPrefix(Exchange exchange) {
        String route = exchange.route() == null ? "" : String.valueOf(exchange.route().id());
        String service = exchange.service() == null ? "" : String.valueOf(exchange.service().id());
        IdPrefix last = lastPrefix;
        if (last == null || !last.route.equals(route) || !last.service.equals(service)) {
            last = new IdPrefix(route, service, "rate-limiting:" + route + ":" + service + ":");
            lastPrefix = last; // most requests come through the route and service of the one before
        }
        return last.prefix;
    }

    private record IdPrefix(String route, String service, String prefix) {
    }

    /** The windows holding {@code now}; rebuilt only when the shortest one has ended. */
    private List<Quota> quotas(long now) {
        List<Quota> current = this.current;
        if (now >= current.getFirst().windowStart() && now < current.getFirst().windowEnd()) {
            return current;
        }
        List<Quota> fresh = new ArrayList<>(windows.size());
        for (RateLimitingConfig.Window w : windows) {
            long start = w.period().start(now);
            fresh.add(new Quota(w.period().field, w.limit(), start, w.period().length(start)));
        }
        fresh = List.copyOf(fresh);
        this.current = fresh;
        return fresh;
    }

    @Override
    public void header(Exchange exchange) {
        if (exchange.ctx().get(CTX_VALUES) instanceof String[] values) {
            forEachHeader(values, exchange.response()::setHeader);
        }
    }

    /** Kong's get_identifier: what is being limited, falling back to the client IP when it is missing. */
    private String identifier(Exchange exchange) {
        String id = switch (config.limitBy()) {
            case "consumer" -> exchange.consumer().map(c -> c.id())
                    .orElseGet(() -> exchange.credential().map(c -> c.id()).orElse(null));
            case "credential" -> exchange.credential().map(c -> c.id()).orElse(null);
            case "service" -> exchange.service() == null ? null : exchange.service().id();
            case "header" -> exchange.request().header(config.headerName());
            case "path" -> config.path().equals(exchange.request().path()) ? config.path() : null;
            default -> null;
        };
        return id == null || id.isEmpty() ? exchange.clientIp() : config.limitBy() + ":" + id;
    }

    /**
     * The values of Kong's fields (see {@link #headerNames}): what remains of each window, and for the RateLimit-*
     * fields the window with the least remaining (the longer one on a tie), as Kong picks it.
     */
    private String[] headerValues(QuotaDecision decision, List<Quota> quotas, long now) {
        String[] values = new String[headerNames.length];
        long shownRemaining = Long.MAX_VALUE;
        int shown = 0;
        for (int i = 0; i < quotas.size(); i++) {
            Quota q = quotas.get(i);
            long remaining = i == decision.refused() ? 0 : Math.max(0, q.limit() - decision.used()[i]);
            values[2 * i] = limitTexts[i];
            values[2 * i + 1] = Long.toString(remaining);
            if (remaining <= shownRemaining) { // later windows are longer: a tie goes to them
                shownRemaining = remaining;
                shown = i;
            }
        }
        int at = 2 * quotas.size();
        values[at] = limitTexts[shown];
        values[at + 1] = values[2 * shown + 1];
        values[at + 2] = Long.toString(resetSeconds(quotas.get(shown), now));
        return values;
    }

    /** Kong's fields with one request's values (computed in access, set in the header phase). */
    private void forEachHeader(String[] values, BiConsumer<String, String> header) {
        for (int i = 0; i < headerNames.length; i++) {
            header.accept(headerNames[i], values[i]);
        }
    }

    /** Seconds until the window ends, at least 1 (Kong's rounding). */
    private static long resetSeconds(Quota q, long now) {
        return Math.max(1, (q.windowEnd() - now + 999) / 1000);
    }

    /** Seconds until the refusing window (the latest of them, were several full) lets a request through again. */
    private String retryAfter(QuotaDecision decision, List<Quota> quotas, long now) {
        long seconds = 1;
        for (int i = 0; i < quotas.size(); i++) {
            if (decision.used()[i] + 1 > quotas.get(i).limit()) {
                seconds = Math.max(seconds, resetSeconds(quotas.get(i), now));
            }
        }
        return Long.toString(seconds);
    }

    /** One warning per 10 s while the store fails, with how many requests it concerned. */
    private void degraded(StateUnavailableException e) {
        long n = failuresSinceWarning.incrementAndGet();
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            failuresSinceWarning.addAndGet(-n);
            log.log(System.Logger.Level.WARNING, "rate limiting DEGRADED: " + store.describe() + " unavailable ("
                    + e.getMessage() + "); " + n + " request(s) handled by on_store_failure: "
                    + config.onStoreFailure());
        }
    }
}
