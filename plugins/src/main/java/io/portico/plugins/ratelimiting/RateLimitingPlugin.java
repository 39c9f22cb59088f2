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
    /** Where the access phase leaves what it counted for the header phase. */
    private static final String CTX_COUNTED = "rate-limiting.counted";
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final RateLimitingConfig config;
    private final List<RateLimitingConfig.Window> windows;
    /** The limits as header values, made once. */
    private final String[] limitTexts;
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
    /** The last RateLimit-Reset value sent: the same for every request of a second. */
    private volatile ResetText lastReset = new ResetText(-1, "");

    RateLimitingPlugin(RateLimitingConfig config, SharedState store, SharedState local, System.Logger log) {
        this.config = config;
        this.windows = config.windows();
        this.limitTexts = windows.stream().map(w -> Long.toString(w.limit())).toArray(String[]::new);
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
        if (!decision.allowed()) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (!config.hideClientHeaders()) {
                forEachHeader(decision, quotas, now, headers::put);
            }
            headers.put("Retry-After", retryAfter(decision, quotas, now));
            headers.put("Content-Type", "application/json; charset=utf-8");
            exchange.respond(config.errorCode(), Bodies.jsonMessage(config.errorMessage()), headers);
            return;
        }
        if (!config.hideClientHeaders()) {
            exchange.ctx().put(CTX_COUNTED, new Counted(decision, quotas, now));
        }
    }

    /**
     * What the access phase counted, for the header phase to show. The header values are made there, where they
     * are sent: made here, they would sit in memory through the upstream's answer (measured: they then cost more
     * to send than made on the spot).
     */
    private record Counted(QuotaDecision decision, List<Quota> quotas, long now) {
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
        if (exchange.ctx().get(CTX_COUNTED) instanceof Counted c) {
            forEachHeader(c.decision, c.quotas, c.now, exchange.response()::setHeader);
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
     * Kong's fields in the order they are sent: per window {@code X-RateLimit-Limit-<Period>} and
     * {@code X-RateLimit-Remaining-<Period>} with what remains of it, then {@code RateLimit-Limit}, {@code -Remaining}
     * and {@code -Reset} for the window with the least remaining (the longer one on a tie), as Kong picks it.
     */
    private void forEachHeader(QuotaDecision decision, List<Quota> quotas, long now,
            BiConsumer<String, String> header) {
        long shownRemaining = Long.MAX_VALUE;
        int shown = 0;
        String shownText = null;
        for (int i = 0; i < quotas.size(); i++) {
            long remaining = i == decision.refused() ? 0 : Math.max(0, quotas.get(i).limit() - decision.used()[i]);
            String text = Long.toString(remaining);
            Period period = windows.get(i).period();
            header.accept(period.limitHeader, limitTexts[i]);
            header.accept(period.remainingHeader, text);
            if (remaining <= shownRemaining) { // later windows are longer: a tie goes to them
                shownRemaining = remaining;
                shown = i;
                shownText = text;
            }
        }
        header.accept("RateLimit-Limit", limitTexts[shown]);
        header.accept("RateLimit-Remaining", shownText);
        header.accept("RateLimit-Reset", resetText(resetSeconds(quotas.get(shown), now)));
    }

    /** The seconds as text, made once per value (once a second while requests come). */
    private String resetText(long seconds) {
        ResetText last = lastReset;
        if (last.seconds != seconds) {
            last = new ResetText(seconds, Long.toString(seconds));
            lastReset = last;
        }
        return last.text;
    }

    private record ResetText(long seconds, String text) {
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
