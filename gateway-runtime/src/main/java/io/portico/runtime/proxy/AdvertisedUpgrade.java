package io.portico.runtime.proxy;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Gives back the body of responses that advertise a protocol upgrade. Apache httpd with mod_http2 (and IIS) send
 * {@code Upgrade: h2,h2c} on ordinary 200 responses; Helidon 4.5's webclient takes any response with an Upgrade
 * header and no chunked encoding for one without a body ({@code Http1CallChainBase.mayHaveEntity}), so the body
 * would be lost and the client's response cut short. Here such a response gets a body stream again: exactly
 * Content-Length bytes, or everything up to the end of the connection when it has none.
 */
final class AdvertisedUpgrade {
    private AdvertisedUpgrade() {
    }

    /** A webclient service restoring the body stream. */
    static WebClientServiceResponse keepBody(WebClientService.Chain chain, WebClientServiceRequest request) {
        WebClientServiceResponse response = chain.proceed(request);
        int status = response.status().code();
        if (response.inputStream().isPresent()
                || !response.headers().contains(HeaderNames.UPGRADE)
                || request.method() == Method.HEAD
                || status < 200 || status == 204 || status == 304
                || response.headers().contains(HeaderValues.CONTENT_LENGTH_ZERO)
                || !(response.connection() instanceof ClientConnection connection)) {
            return response;
        }
        OptionalLong length = response.headers().contentLength();
        InputStream body = length.isPresent()
                ? new LengthBody(connection.reader(), length.getAsLong())
                : new UntilCloseBody(connection);
        return WebClientServiceResponse.builder(response).inputStream(body).build();
    }

    /** Exactly {@code length} bytes; the connection ending earlier is an error, as in Helidon's own stream. */
    private static final class LengthBody extends InputStream {
        private final DataReader reader;
        private long remaining;

        LengthBody(DataReader reader, long length) {
            this.reader = reader;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                reader.ensureAvailable();
            } catch (DataReader.InsufficientDataAvailableException e) {
                throw new IOException("connection closed with " + remaining + " bytes of the body missing", e);
            }
            int n = (int) Math.min(Math.min(len, reader.available()), remaining);
            System.arraycopy(reader.readBytes(n), 0, b, off, n);
            remaining -= n;
            return n;
        }
    }

    /** Everything until the upstream closes; then the connection is closed here too, never pooled. */
    private static final class UntilCloseBody extends InputStream {
        private final ClientConnection connection;
        private boolean ended;

        UntilCloseBody(ClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            DataReader reader = connection.reader();
            try {
                reader.ensureAvailable();
            } catch (DataReader.InsufficientDataAvailableException e) {
                ended = true;
                connection.closeResource();
                return -1;
            }
            int n = Math.min(len, reader.available());
            System.arraycopy(reader.readBytes(n), 0, b, off, n);
            return n;
        }
    }
}
