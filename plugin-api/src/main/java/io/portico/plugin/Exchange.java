package io.portico.plugin;

import java.util.Map;
import java.util.Optional;

/**
 * One request passing through the gateway, as plugins see it: the request, the response, who the caller is, the
 * matched route and service, a per-request map shared between plugins, and timings. One instance per request;
 * phases of one request never run concurrently.
 */
public interface Exchange {

    /** The client's request, and the changes to make to it before it goes upstream. */
    Request request();

    /** The response: upstream's (header and body phases) or the one a plugin answered with. */
    Response response();

    /** The matched route. */
    RouteInfo route();

    /** The service the route sends to ({@code null} for a route without a service, which must be answered by a plugin). */
    ServiceInfo service();

    /**
     * Sends this request to another service or upstream of the config instead of the route's service (Kong's
     * {@code kong.service.set_upstream}). A service name (or id) switches to that service's targets, protocol,
     * timeouts and client; an upstream name keeps the route's service and balances over that upstream's targets.
     * The path sent upstream is kept as computed for the route (change it with {@link Request#setUpstreamPath}).
     * Allowed in the access phase.
     *
     * @throws IllegalArgumentException when the config has no service or upstream of that name
     * @throws IllegalStateException    outside the access phase
     */
    default void setUpstream(String name) {
        throw new UnsupportedOperationException("setUpstream is not supported here");
    }

    /** The client's address: the socket peer, or the forwarded address when the peer is a trusted proxy. */
    String clientIp();

    /**
     * Answers the request from the gateway instead of proxying it (Kong's {@code kong.response.exit}). Allowed in
     * the access phase; the remaining access-phase plugins are skipped, the header, body and log phases still run.
     *
     * @param headers extra response headers, may be empty
     */
    void respond(int status, byte[] body, Map<String, String> headers);

    /** {@link #respond(int, byte[], Map)} with a UTF-8 text body (no content type unless given in headers). */
    default void respond(int status, String body, Map<String, String> headers) {
        respond(status, body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** Answers with Kong's error shape {@code {"message":"..."}} as {@code application/json; charset=utf-8}. */
    default void respondMessage(int status, String message) {
        respond(status, Bodies.jsonMessage(message), Map.of("Content-Type", "application/json; charset=utf-8"));
    }

    /** Whether a plugin has answered this request itself. */
    boolean responded();

    /** The authenticated consumer, once an auth plugin has identified one. */
    Optional<Consumer> consumer();

    /** The credential the consumer authenticated with, if any. */
    Optional<Credential> credential();

    /**
     * Records who the caller is (Kong's {@code kong.client.authenticate}). Plugins configured for that consumer
     * apply from the next plugin on, with Kong's precedence. The upstream request gets Kong's headers
     * {@code X-Consumer-ID}, {@code X-Consumer-Custom-ID}, {@code X-Consumer-Username} and
     * {@code X-Credential-Identifier} (copies sent by the client are always removed).
     *
     * @param consumer   the consumer, or {@code null} for a credential without a consumer
     * @param credential the credential used, or {@code null}
     */
    void authenticate(Consumer consumer, Credential credential);

    /**
     * Records the {@code anonymous} fallback consumer of an auth plugin whose credentials were missing (Kong's
     * {@code anonymous} config): like {@link #authenticate} without a credential, and the upstream gets
     * {@code X-Anonymous-Consumer: true}.
     */
    void authenticateAnonymous(Consumer consumer);

    /** Whether the consumer is an anonymous fallback. */
    boolean anonymous();

    /** A mutable map shared by all plugins for this request only (Kong's {@code kong.ctx.shared}). */
    Map<String, Object> ctx();

    /** When things happened in this request. */
    Timings timings();
}
