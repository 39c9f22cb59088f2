package io.portico.runtime.script;

import io.portico.plugin.Consumer;
import io.portico.plugin.Exchange;
import io.portico.plugin.Headers;
import io.portico.plugin.SharedState;
import io.portico.runtime.plugin.Phase;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a script can reach of the gateway: the host side of the {@code ex} object (ex-api.js wraps these methods
 * into {@code ex.request}, {@code ex.response}, ...). One per context, bound to the exchange of the call in
 * progress and unbound after it, so an {@code ex} kept by a script past its call is inert.
 *
 * <p>Only the methods marked {@link HostAccess.Export} are visible to scripts; they take and return strings,
 * numbers and booleans (and proxies for header maps and {@code ex.ctx}).
 */
public final class ExBinding {
    private final String scriptName;
    private final ScriptContext owner;
    private Exchange exchange;
    private ScriptPlugin plugin;
    private Phase phase;
    private CtxProxy ctx;

    ExBinding(String scriptName, ScriptContext owner) {
        this.scriptName = scriptName;
        this.owner = owner;
    }

    void bind(Exchange exchange, ScriptPlugin plugin, Phase phase) {
        this.exchange = exchange;
        this.plugin = plugin;
        this.phase = phase;
    }

    void unbind() {
        exchange = null;
        plugin = null;
        ctx = null;
    }

    private Exchange ex() {
        if (exchange == null) {
            throw new IllegalStateException("ex is only valid during the call it was passed to");
        }
        return exchange;
    }

    // ---- request ----

    @HostAccess.Export
    public String requestMethod() {
        return ex().request().method();
    }

    @HostAccess.Export
    public String requestPath() {
        return ex().request().path();
    }

    @HostAccess.Export
    public String requestUpstreamPath() {
        return ex().request().upstreamPath();
    }

    @HostAccess.Export
    public String requestHeader(String name) {
        return ex().request().header(name);
    }

    @HostAccess.Export
    public ProxyObject requestHeaders() {
        return headers(ex().request());
    }

    @HostAccess.Export
    public String requestQuery(String name) {
        return ex().request().query(name);
    }

    @HostAccess.Export
    public String requestBody() {
        byte[] body = ex().request().body();
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @HostAccess.Export
    public void requestSetHeader(String name, String value) {
        ex().request().setHeader(name, value);
    }

    @HostAccess.Export
    public void requestRemoveHeader(String name) {
        ex().request().removeHeader(name);
    }

    @HostAccess.Export
    public void requestSetPath(String path) {
        ex().request().setUpstreamPath(path);
    }

    @HostAccess.Export
    public void requestSetQuery(String name, String value) {
        if (value == null) {
            ex().request().removeQuery(name);
        } else {
            ex().request().setQuery(name, value);
        }
    }

    @HostAccess.Export
    public void requestSetBody(String body) {
        ex().request().setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- response ----

    @HostAccess.Export
    public int responseStatus() {
        return ex().response().status();
    }

    @HostAccess.Export
    public String responseHeader(String name) {
        return ex().response().header(name);
    }

    @HostAccess.Export
    public ProxyObject responseHeaders() {
        return headers(ex().response());
    }

    @HostAccess.Export
    public void responseSetStatus(int status) {
        ex().response().setStatus(status);
    }

    @HostAccess.Export
    public void responseSetHeader(String name, String value) {
        ex().response().setHeader(name, value);
    }

    @HostAccess.Export
    public void responseRemoveHeader(String name) {
        ex().response().removeHeader(name);
    }

    @HostAccess.Export
    public String responseBody() {
        byte[] body = ex().response().body();
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @HostAccess.Export
    public void responseSetBody(String body) {
        ex().response().setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the exchange ----

    /**
     * @param json    whether {@code body} is the JSON of an object the script passed (sets the JSON content type
     *                unless the headers give one)
     * @param headers a JS object of header names to values, or null
     */
    @HostAccess.Export
    public void respond(int status, String body, boolean json, Value headers) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (json) {
            extra.put("Content-Type", "application/json; charset=utf-8");
        }
        if (headers != null && headers.hasMembers()) {
            for (String name : headers.getMemberKeys()) {
                Value v = headers.getMember(name);
                if (name.equalsIgnoreCase("content-type")) {
                    extra.remove("Content-Type");
                }
                extra.put(name, v.isString() ? v.asString() : v.toString());
            }
        }
        ex().respond(status, body, extra);
    }

    @HostAccess.Export
    public boolean hasConsumer() {
        return ex().consumer().isPresent();
    }

    @HostAccess.Export
    public ProxyObject consumer() {
        Consumer c = ex().consumer().orElse(null);
        if (c == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("username", c.username());
        view.put("custom_id", c.customId());
        view.put("groups", ProxyArray.fromList(java.util.List.copyOf(c.groups())));
        return ProxyObject.fromMap(view);
    }

    @HostAccess.Export
    public String clientIp() {
        return ex().clientIp();
    }

    @HostAccess.Export
    public String routeName() {
        var route = ex().route();
        return route == null ? null : route.name();
    }

    @HostAccess.Export
    public String serviceName() {
        var service = ex().service();
        return service == null ? null : service.name();
    }

    @HostAccess.Export
    public void setUpstream(String name) {
        ex().setUpstream(name);
    }

    @HostAccess.Export
    public ProxyObject ctx() {
        if (ctx == null) {
            ctx = new CtxProxy(ex().ctx());
        }
        return ctx;
    }

    @HostAccess.Export
    public String phase() {
        return phase.configName();
    }

    // ---- log, state, crypto ----

    @HostAccess.Export
    public void log(String level, String message) {
        System.Logger.Level l = switch (level) {
            case "warn" -> System.Logger.Level.WARNING;
            case "error" -> System.Logger.Level.ERROR;
            case "debug" -> System.Logger.Level.DEBUG;
            default -> System.Logger.Level.INFO;
        };
        ScriptPlugin p = plugin;
        (p == null ? System.getLogger("io.portico.script." + scriptName) : p.logger()).log(l, message);
    }

    // Shared state may be a Redis round trip, crypto may load a JCE provider: gateway work, not the script's time
    // (the state store has its own deadlines).

    @HostAccess.Export
    public double stateIncr(String key, double by, double ttlSeconds) {
        if (by != Math.rint(by)) {
            throw new IllegalArgumentException("ex.state.incr: 'by' must be an integer, got " + by);
        }
        SharedState state = state();
        Duration ttl = ttl(ttlSeconds);
        return outsideTimeLimit(() -> state.increment(stateKey(key), (long) by, ttl));
    }

    @HostAccess.Export
    public String stateGet(String key) {
        SharedState state = state();
        return outsideTimeLimit(() -> state.get(stateKey(key)).orElse(null));
    }

    @HostAccess.Export
    public void stateSet(String key, String value, double ttlSeconds) {
        SharedState state = state();
        Duration ttl = ttl(ttlSeconds);
        outsideTimeLimit(() -> {
            state.set(stateKey(key), value, ttl);
            return null;
        });
    }

    @HostAccess.Export
    public boolean stateDelete(String key) {
        SharedState state = state();
        return outsideTimeLimit(() -> state.delete(stateKey(key)));
    }

    @HostAccess.Export
    public String hmac(String algorithm, String key, String message) {
        return outsideTimeLimit(() -> Crypto.hmacHex(algorithm, key, message));
    }

    @HostAccess.Export
    public String sha256(String message) {
        return outsideTimeLimit(() -> Crypto.sha256Hex(message));
    }

    @HostAccess.Export
    public boolean constantTimeEquals(String a, String b) {
        return Crypto.constantTimeEquals(a, b);
    }

    private <T> T outsideTimeLimit(Supplier<T> work) {
        long since = owner.enterHost();
        try {
            return work.get();
        } finally {
            owner.leaveHost(since);
        }
    }

    private SharedState state() {
        if (plugin == null) {
            throw new IllegalStateException("ex is only valid during the call it was passed to");
        }
        return plugin.state();
    }

    /** Scripts' keys live under their own prefix: one script cannot read or reset another's counters. */
    private String stateKey(String key) {
        return "js:" + scriptName + ":" + key;
    }

    private static Duration ttl(double seconds) {
        if (!(seconds > 0) || seconds > 366 * 86400) {
            throw new IllegalArgumentException("ex.state: ttl must be between 1 second and a year, got " + seconds);
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    private static ProxyObject headers(Headers headers) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : headers.headerNames()) {
            all.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", headers.headers(name)));
        }
        return ProxyObject.fromMap(all);
    }
}
