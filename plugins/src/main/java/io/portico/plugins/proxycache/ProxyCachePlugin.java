package io.portico.plugins.proxycache;

import io.portico.plugin.Bodies;
import io.portico.plugin.BodyFilter;
import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Request;
import io.portico.plugin.Response;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kong's {@code proxy-cache} (kong/plugins/proxy-cache/handler.lua): answers cacheable requests from the cache
 * ({@code X-Cache-Status: Hit}) and stores cacheable upstream responses as they stream to the client
 * ({@code Miss}, or {@code Refresh} when the stored one is too old); everything else passes ({@code Bypass}).
 * Beyond Kong, concurrent misses for one key on a node make a single upstream request: the first one goes, the
 * others wait for its response and are answered from it.
 */
final class ProxyCachePlugin implements Plugin {
    /** Bodies larger than this are not cached (they still stream through). */
    static final int MAX_BODY = 4 * 1024 * 1024;
    /** How long a waiting miss waits for the request that went upstream, before going itself. */
    private static final long FOLLOWER_WAIT_SECONDS = 60;
    private static final String STATUS = "X-Cache-Status";
    private static final String KEY = "X-Cache-Key";
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "content-length", "age",
            "x-cache-status", "x-cache-key", "x-portico-upstream-latency", "x-portico-proxy-latency");

    private final ProxyCacheConfig config;
    private final CacheStore store;
    private final System.Logger log;
    private final String ctxKey = "proxy-cache@" + Integer.toHexString(System.identityHashCode(this));
    private final ConcurrentHashMap<String, CompletableFuture<CachedResponse>> inFlight = new ConcurrentHashMap<>();

    /** What one request is doing with the cache, kept between its phases. */
    private static final class Pending {
        final String key;
        String status;
        /** Set when this request is the one that went upstream for its key: others wait on it. */
        CompletableFuture<CachedResponse> lead;
        List<String[]> headers;
        long ttl;

        Pending(String key, String status) {
            this.key = key;
            this.status = status;
        }
    }

    ProxyCachePlugin(ProxyCacheConfig config, CacheStore store, System.Logger log) {
        this.config = config;
        this.store = store;
        this.log = log;
    }

    CacheStore store() {
        return store;
    }

    @Override
    public BodyMode responseBodyMode() {
        return BodyMode.STREAMING;
    }

    @Override
    public void access(Exchange exchange) {
        Request request = exchange.request();
        CacheControl cc = config.cacheControl() ? CacheControl.parse(request.headers("cache-control"))
                : CacheControl.NONE;
        if (!cacheableRequest(request, cc)) {
            exchange.ctx().put(ctxKey, new Pending(null, "Bypass"));
            return;
        }
        String key = CacheKey.of(exchange, config);
        Optional<CachedResponse> found;
        try {
            found = store.fetch(key);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "proxy-cache: the cache is unavailable, bypassing it: " + e);
            exchange.ctx().put(ctxKey, new Pending(key, "Bypass"));
            return;
        }
        if (found.isEmpty()) {
            if (config.cacheControl() && cc.has("only-if-cached")) {
                exchange.respond(504, new byte[0], Map.of());
                return;
            }
            goUpstream(exchange, key, "Miss");
            return;
        }
        CachedResponse cached = found.get();
        long age = nowSeconds() - cached.timestamp();
        if (stale(cached, age, cc)) {
            goUpstream(exchange, key, "Refresh");
            return;
        }
        answerFromCache(exchange, key, cached, age);
    }

    private boolean cacheableRequest(Request request, CacheControl cc) {
        if (!config.requestMethod().contains(request.method())) {
            return false;
        }
        return !(config.cacheControl() && (cc.has("no-store") || cc.has("no-cache")
                || request.header("authorization") != null));
    }

    private boolean stale(CachedResponse cached, long age, CacheControl cc) {
        if (!config.cacheControl()) {
            return age > config.cacheTtl(); // may be stored longer (storage_ttl): never served stale
        }
        Long maxAge = cc.seconds("max-age");
        Long maxStale = cc.seconds("max-stale");
        Long minFresh = cc.seconds("min-fresh");
        return maxAge != null && age > maxAge
                || maxStale != null && age - cached.ttl() > maxStale
                || minFresh != null && cached.ttl() - age < minFresh;
    }

    /** A miss (or refresh): the first request for the key goes upstream; concurrent ones wait for its response. */
    private void goUpstream(Exchange exchange, String key, String status) {
        Pending pending = new Pending(key, status);
        exchange.ctx().put(ctxKey, pending);
        CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
        CompletableFuture<CachedResponse> leader = inFlight.putIfAbsent(key, mine);
        if (leader == null) {
            pending.lead = mine;
            CachedResponse late = "Miss".equals(status) ? storedMeanwhile(key) : null;
            if (late != null) {
                // a leader stored it between this request's lookup and now: answer from it, as its followers do
                release(pending, late);
                answerFromCache(exchange, key, late, Math.max(0, nowSeconds() - late.timestamp()));
            }
            return;
        }
        CachedResponse shared = awaitLeader(leader);
        if (!leader.isDone()) {
            inFlight.remove(key, leader); // a leader that never finished must not hold up the next misses
        }
        if (shared != null) {
            answerFromCache(exchange, key, shared, Math.max(0, nowSeconds() - shared.timestamp()));
        }
        // else its response could not be cached: this request goes upstream too (without leading)
    }

    private CachedResponse storedMeanwhile(String key) {
        try {
            return store.fetch(key).orElse(null);
        } catch (RuntimeException e) {
            return null; // the lookup before reported the cache's trouble already
        }
    }

    private static CachedResponse awaitLeader(CompletableFuture<CachedResponse> leader) {
        try {
            return leader.get(FOLLOWER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private void answerFromCache(Exchange exchange, String key, CachedResponse cached, long age) {
        exchange.ctx().put(ctxKey, new Pending(key, "Hit"));
        exchange.respond(cached.status(), cached.body(), Map.of());
        Response response = exchange.response();
        for (String[] header : cached.headers()) {
            if (!header[0].toLowerCase(Locale.ROOT).contains("ratelimit-remaining")) {
                response.addHeader(header[0], header[1]);
            }
        }
        if (shows(exchange, "Age")) {
            response.setHeader("Age", Long.toString(age));
        }
        diagnostics(exchange, "Hit", key);
    }

    @Override
    public void header(Exchange exchange) {
        if (!(exchange.ctx().get(ctxKey) instanceof Pending pending) || "Hit".equals(pending.status)) {
            return;
        }
        if (pending.key != null && !"Bypass".equals(pending.status)) {
            if (cacheableResponse(exchange.response())) {
                pending.headers = storedHeaders(exchange.response());
                pending.ttl = config.cacheControl() ? responseCacheControl(exchange.response())
                        .resourceTtl(exchange.response().header("expires"), nowSeconds()) : config.cacheTtl();
            } else {
                pending.status = "Bypass";
                release(pending, null);
            }
        }
        diagnostics(exchange, pending.status, pending.key);
    }

    private CacheControl responseCacheControl(Response response) {
        return CacheControl.parse(response.headers("cache-control"));
    }

    private boolean cacheableResponse(Response response) {
        if (response.source() != Response.Source.UPSTREAM || !config.responseCode().contains(response.status())) {
            return false;
        }
        List<String> types = response.headers("content-type");
        if (types.size() != 1 || types.getFirst().isEmpty() || !ContentTypes.matches(types.getFirst(),
                config.contentType())) {
            return false;
        }
        if (!config.cacheControl()) {
            return true;
        }
        CacheControl cc = responseCacheControl(response);
        return !(cc.has("private") || cc.has("no-store") || cc.has("no-cache"))
                && cc.resourceTtl(response.header("expires"), nowSeconds()) > 0;
    }

    private static List<String[]> storedHeaders(Response response) {
        List<String[]> headers = new ArrayList<>();
        for (String name : response.headerNames()) {
            if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : response.headers(name)) {
                    headers.add(new String[]{name, value});
                }
            }
        }
        return headers;
    }

    @Override
    public BodyFilter responseBodyFilter(Exchange exchange) {
        if (!(exchange.ctx().get(ctxKey) instanceof Pending pending) || pending.headers == null) {
            return null;
        }
        int status = exchange.response().status();
        return new BodyFilter() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();
            private boolean tooLarge;

            @Override
            public ByteBuffer chunk(ByteBuffer chunk) {
                if (!tooLarge) {
                    if (body.size() + chunk.remaining() > MAX_BODY) {
                        tooLarge = true;
                    } else {
                        ByteBuffer copy = chunk.duplicate();
                        byte[] bytes = new byte[copy.remaining()];
                        copy.get(bytes);
                        body.writeBytes(bytes);
                    }
                }
                return chunk;
            }

            @Override
            public ByteBuffer end() {
                if (!tooLarge) {
                    save(pending, new CachedResponse(status, pending.headers, body.toByteArray(), nowSeconds(),
                            pending.ttl));
                }
                return Bodies.EMPTY;
            }
        };
    }

    private void save(Pending pending, CachedResponse response) {
        long storageTtl = config.storageTtl() != null ? config.storageTtl()
                : config.cacheControl() ? pending.ttl : config.cacheTtl();
        try {
            store.store(pending.key, response, storageTtl);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "proxy-cache: could not store a response: " + e);
        }
        release(pending, response);
    }

    /** Lets the requests waiting for this one go on: with its response, or ({@code null}) on their own. */
    private void release(Pending pending, CachedResponse response) {
        CompletableFuture<CachedResponse> lead = pending.lead;
        if (lead != null) {
            pending.lead = null;
            inFlight.remove(pending.key, lead);
            lead.complete(response);
        }
    }

    @Override
    public void log(Exchange exchange) {
        if (exchange.ctx().get(ctxKey) instanceof Pending pending) {
            release(pending, null); // the response broke off or was never cacheable: never leave others waiting
        }
    }

    private void diagnostics(Exchange exchange, String status, String key) {
        if (shows(exchange, STATUS)) {
            exchange.response().setHeader(STATUS, status);
        }
        if (key != null && shows(exchange, KEY)) {
            exchange.response().setHeader(KEY, key);
        }
    }

    private boolean shows(Exchange exchange, String header) {
        return config.shows(header) || exchange.request().header("kong-debug") != null;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
