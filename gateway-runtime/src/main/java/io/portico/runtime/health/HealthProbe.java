package io.portico.runtime.health;

import io.portico.runtime.upstream.Http1Client;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One active probe, as Kong sends it: a TCP connect, or {@code GET http_path} on a connection of its own
 * ({@code Connection: close}) whose status is looked up in the {@code healthy} / {@code unhealthy} lists. The probe
 * never goes through the proxy's connection pools, so a probe can neither use nor spoil a pooled connection.
 */
public final class HealthProbe {
    private final HealthSettings.Active settings;

    public HealthProbe(HealthSettings.Active settings) {
        this.settings = settings;
    }

    /**
     * Probes {@code ip:port}.
     *
     * @param hostHeader the Host header of HTTP probes (the target's host name, or the upstream's {@code host_header})
     */
    public ProbeResult probe(String ip, int port, String hostHeader) {
        int timeout = (int) Math.max(1, settings.timeout().toMillis());
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(timeout);
            try {
                socket.connect(new InetSocketAddress(ip, port), timeout);
            } catch (SocketTimeoutException e) {
                return new ProbeResult(ProbeResult.Kind.TIMEOUT, "connect timeout");
            } catch (IOException e) {
                return new ProbeResult(ProbeResult.Kind.TCP_FAILURE, "connect failed: " + e.getMessage());
            }
            if ("tcp".equals(settings.type())) {
                return new ProbeResult(ProbeResult.Kind.SUCCESS, "TCP connect");
            }
            Socket channel = "https".equals(settings.type()) ? tls(socket, hostHeader) : socket;
            return http(channel, hostHeader);
        } catch (SocketTimeoutException e) {
            return new ProbeResult(ProbeResult.Kind.TIMEOUT, "timeout");
        } catch (IOException | RuntimeException e) {
            return new ProbeResult(ProbeResult.Kind.TCP_FAILURE, "probe failed: " + e);
        }
    }

    private ProbeResult http(Socket socket, String hostHeader) throws IOException {
        StringBuilder head = new StringBuilder(128).append("GET ").append(settings.httpPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n");
        for (Map.Entry<String, List<String>> h : settings.headers().entrySet()) {
            for (String value : h.getValue()) {
                head.append(h.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        head.append("User-Agent: portico-health-check\r\nConnection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        int status = readStatus(socket.getInputStream());
        if (status < 0) {
            return new ProbeResult(ProbeResult.Kind.TCP_FAILURE, "no valid HTTP status line");
        }
        if (settings.unhealthy().httpStatuses().contains(status)) {
            return new ProbeResult(ProbeResult.Kind.HTTP_FAILURE, "HTTP " + status);
        }
        if (settings.healthy().httpStatuses().contains(status)) {
            return new ProbeResult(ProbeResult.Kind.SUCCESS, "HTTP " + status);
        }
        return new ProbeResult(ProbeResult.Kind.NEUTRAL, "HTTP " + status);
    }

    /** The status of {@code HTTP/1.x NNN ...}, or -1. */
    private static int readStatus(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int n = in.readNBytes(line, 0, line.length);
        if (n < 12 || line[0] != 'H' || line[8] != ' ') {
            return -1;
        }
        String text = new String(line, 0, 12, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Socket tls(Socket socket, String hostHeader) throws IOException {
        String sni = settings.httpsSni() != null ? settings.httpsSni() : hostName(hostHeader);
        SSLSocket tls = (SSLSocket) Http1Client.tlsFactory(settings.httpsVerifyCertificate())
                .createSocket(socket, sni, socket.getPort(), true);
        SSLParameters params = tls.getSSLParameters();
        if (settings.httpsVerifyCertificate()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!Character.isDigit(sni.charAt(0)) && sni.indexOf(':') < 0) {
            params.setServerNames(List.of(new SNIHostName(sni)));
        }
        tls.setSSLParameters(params);
        tls.startHandshake();
        return tls;
    }

    private static String hostName(String hostHeader) {
        int colon = hostHeader.lastIndexOf(':');
        return colon > 0 && hostHeader.indexOf(']') < colon ? hostHeader.substring(0, colon) : hostHeader;
    }
}
