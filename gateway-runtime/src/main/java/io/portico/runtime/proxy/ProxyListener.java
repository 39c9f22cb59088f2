package io.portico.runtime.proxy;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.util.Set;

/**
 * The Helidon settings of the proxy listener: what Helidon's HTTP/1.1 parser accepts, the limits, the read
 * deadlines, the connection cap, and the answers to what it refuses. See docs/security.md for the policy.
 *
 * <ul>
 *     <li>Request line and header section limits ({@code max-prologue-length}, {@code max-headers-size}): over
 *     them is 414 and 431. Header values, the request line, the path, the query and Host are validated by Helidon
 *     (all its {@code validate-*} switches stay on).</li>
 *     <li>Body limit ({@code max-payload-size}): a Content-Length over it is 413 before any handler runs; a
 *     chunked body is counted as it streams and fails the read once over it (the proxy then answers 413).</li>
 *     <li>Connection cap ({@code max-tcp-connections}): Helidon stops accepting while the cap is reached; further
 *     clients wait in the listen backlog, as with Envoy's or HAProxy's connection limits.</li>
 *     <li>Read deadlines: Helidon has none, so the HTTP/1.1 connection is Helidon's own with its socket reads
 *     wrapped ({@link GuardedConnection}); it is the only protocol of the listener.</li>
 *     <li>Content codings pass through untouched ({@link PassThroughContentEncoding}).</li>
 * </ul>
 */
public final class ProxyListener {
    private ProxyListener() {
    }

    /** Applies the proxy's parser settings and limits to the listener being built. */
    public static void configure(ListenerConfig.BuilderBase<?, ?> listener, ProxyLimits limits) {
        Http1Config http1 = Http1Config.builder()
                // Helidon refuses a line as long as the limit: +1 makes the limit the longest accepted line
                .maxPrologueLength(limits.maxRequestLine() + 1)
                .maxHeadersSize(limits.maxHeaderSize())
                .validatePath(true)
                .validatePrologue(true)
                .validateRequestHeaders(true)
                // Response fields are checked where they come from: the upstream's by the strict response parser,
                // the plugins' as they set them (MessageView); Helidon's second pass would only copy them again.
                .validateResponseHeaders(false)
                .addReceiveListener(GuardedConnection.EVENTS)
                .addSendListener(GuardedConnection.EVENTS)
                .build();
        listener.protocolsDiscoverServices(false); // no other HTTP/1.1 connection than the guarded one
        listener.addConnectionSelector(new GuardedSelector(Http1ConnectionSelector.builder().config(http1).build(),
                limits));
        listener.maxPayloadSize(limits.maxBodySize());
        listener.maxTcpConnections(limits.maxConnections());
        // Only a backstop: GuardedConnection closes idle connections at the keep-alive timeout itself.
        listener.idleConnectionTimeout(limits.keepAliveTimeout().multipliedBy(2));
        listener.directHandlers(ParserRefusals.handlers());
        // Gives ParserRefusals Helidon's reason for a refusal (it never shows it to the client).
        listener.errorHandling(e -> e.includeEntity(true));
        listener.contentEncoding(PassThroughContentEncoding.INSTANCE);
    }

    /** Helidon's HTTP/1.1 selector, handing out guarded connections. */
    private record GuardedSelector(Http1ConnectionSelector http1, ProxyLimits limits)
            implements ServerConnectionSelector {
        @Override
        public int bytesToIdentifyConnection() {
            return http1.bytesToIdentifyConnection();
        }

        @Override
        public Support supports(BufferData data) {
            return Support.SUPPORTED; // the only protocol: whatever arrives gets HTTP/1.1's answer (400 if it is not)
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return http1.supportedApplicationProtocols();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            return new GuardedConnection(ctx, http1, limits, ReadDeadlines.SHARED);
        }
    }
}
