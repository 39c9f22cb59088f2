package io.portico.runtime.upstream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A small HTTP/1.1 client for a proxy, over pooled keep-alive connections (blocking sockets: each request runs on
 * its own virtual thread). It sends the request line and header fields exactly as given (no Host, User-Agent,
 * Content-Length, Connection or Expect of its own; only {@code Transfer-Encoding: chunked} for a body of unknown
 * length), streams bodies both ways, and reads responses strictly ({@link ResponseHead}, {@link ResponseBody}).
 * <p>
 * A request that fails on a pooled connection before any of its body was sent and before any response byte came
 * back is sent once more on a new connection: the upstream closed that connection while it sat idle (the race
 * every keep-alive client has). Requests with a body check the pooled connection for that first.
 */
public final class Http1Client implements AutoCloseable {
    private final Settings settings;
    private final ConnectionPool pool;
    private final SSLSocketFactory tls;

    /**
     * @param connectTimeout   limit for opening a connection (and for the TLS handshake)
     * @param readTimeout      limit for each socket read
     * @param writeTimeout     limit for each socket write (the upstream taking no bytes)
     * @param tlsVerify        for https: verify the certificate chain and the host name (else trust any)
     * @param idleTimeout      how long an idle connection is kept; zero disables reuse
     * @param maxIdlePerTarget how many idle connections are kept per target
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, boolean tlsVerify,
                           Duration idleTimeout, int maxIdlePerTarget) {
        /** Kong's upstream keepalive defaults: 60 s idle timeout; a generous idle pool per target. */
        public static Settings of(int connectTimeoutMillis, int readTimeoutMillis, int writeTimeoutMillis,
                                  boolean tlsVerify) {
            return new Settings(Duration.ofMillis(connectTimeoutMillis), Duration.ofMillis(readTimeoutMillis),
                    Duration.ofMillis(writeTimeoutMillis), tlsVerify, Duration.ofSeconds(60), 512);
        }
    }

    /** Writes a request body; the client ends the body (last chunk, length check) after it returns. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    public Http1Client(Settings settings) {
        this.settings = settings;
        this.pool = new ConnectionPool(settings.idleTimeout(), settings.maxIdlePerTarget());
        this.tls = tlsFactory(settings.tlsVerify());
    }

    /**
     * Sends a request and reads the response head.
     *
     * @param target        where to
     * @param method        the request method, sent as given
     * @param requestTarget the path and query, sent as given
     * @param fields        the header fields, sent as given, in order
     * @param contentLength the body length when known (it must be in {@code fields} as Content-Length), -1 for a
     *                      chunked body; ignored without a body
     * @param body          writes the body, or null for a request without one
     * @throws UpstreamConnectException no connection could be opened (nothing was sent)
     * @throws InvalidResponseException the response head is invalid
     * @throws SocketTimeoutException   the upstream did not answer within the read timeout
     * @throws IOException              the exchange failed otherwise (also when the body writer threw)
     */
    public UpstreamResponse send(PoolKey target, String method, String requestTarget, RequestFields fields,
                                 long contentLength, BodyWriter body) throws IOException {
        RequestHead.validate(method, requestTarget, fields);
        int readTimeout = (int) settings.readTimeout().toMillis();
        int writeTimeout = (int) settings.writeTimeout().toMillis();
        boolean fresh = false;
        while (true) {
            Http1Connection conn = fresh ? null : pool.acquire(target, body != null);
            if (conn == null) {
                conn = connect(target);
            }
            boolean bodyStarted = false;
            boolean answered = false;
            try {
                conn.readTimeout(readTimeout);
                conn.writeTimeout(writeTimeout);
                RequestHead.write(conn, method, requestTarget, fields, body != null && contentLength < 0);
                if (body == null) {
                    conn.flush();
                } else {
                    RequestBodyOutput out = contentLength >= 0
                            ? new RequestBodyOutput.FixedLength(conn, contentLength)
                            : new RequestBodyOutput.Chunked(conn);
                    bodyStarted = true;
                    body.write(out);
                    out.close();
                }
                if (Thread.currentThread().isVirtual()) {
                    // Let the other requests run first: by the time this one reads, the answer has usually
                    // arrived, so the read does not come back empty and park through the poller (one failed
                    // read and one epoll_ctl less per request under load).
                    Thread.yield();
                }
                answered = conn.fill();
                if (!answered) {
                    throw new EOFException("the upstream closed the connection without a response");
                }
                ResponseHead head = ResponseHead.read(conn, method);
                return new UpstreamResponse(head, ResponseBody.of(head, conn), conn, pool);
            } catch (IOException | RuntimeException e) {
                conn.close();
                if (conn.reused() && !fresh && !bodyStarted && !answered && e instanceof IOException
                        && !(e instanceof SocketTimeoutException)) {
                    fresh = true; // closed by the upstream while idle: once more, on a new connection
                    continue;
                }
                throw e;
            }
        }
    }

    /** Idle connections held (for tests and diagnostics). */
    public int idleConnections() {
        return pool.idleCount();
    }

    /** Closes the idle connections; connections in use are closed when their response is. */
    @Override
    public void close() {
        pool.close();
    }

    private Http1Connection connect(PoolKey target) throws IOException {
        int connectTimeout = (int) settings.connectTimeout().toMillis();
        int readTimeout = (int) settings.readTimeout().toMillis();
        Socket socket;
        SocketChannel channel = null;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
            if (target.https()) {
                socket = new Socket();
            } else {
                channel = SocketChannel.open();
                socket = channel.socket();
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(address, connectTimeout);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw new UpstreamConnectException(target, e);
        }
        if (!target.https()) {
            return new Http1Connection(target, socket, socket, channel, readTimeout);
        }
        try {
            SSLSocket tlsSocket = (SSLSocket) tls.createSocket(socket, target.tlsHost(), target.port(), true);
            SSLParameters params = tlsSocket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm(settings.tlsVerify() ? "HTTPS" : null);
            if (isHostName(target.tlsHost())) {
                // SNI always names the host (as Kong's proxy_ssl_server_name): the JDK leaves out dotless names.
                params.setServerNames(List.of(new SNIHostName(target.tlsHost())));
            }
            params.setApplicationProtocols(new String[0]);
            tlsSocket.setSSLParameters(params);
            tlsSocket.setSoTimeout(connectTimeout);
            tlsSocket.startHandshake();
            return new Http1Connection(target, tlsSocket, socket, null, readTimeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Not an IP literal: a name SNI may carry. */
    private static boolean isHostName(String host) {
        if (host.indexOf(':') >= 0) {
            return false; // IPv6
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return true;
            }
        }
        return false;
    }

    /**
     * TLS sockets that verify the certificate chain (the JVM's trust store), or, without {@code verify}, trust any
     * certificate (Kong's {@code tls_verify: false}); also used by the health probes.
     */
    public static SSLSocketFactory tlsFactory(boolean verify) {
        return verify ? verifyingFactory() : trustingFactory();
    }

    private static SSLSocketFactory verifyingFactory() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** Kong's {@code tls_verify: false}: any certificate, any host name. */
    private static SSLSocketFactory trustingFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new TrustAll()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS context", e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
