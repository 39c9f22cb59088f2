package io.portico.plugins.requestsizelimiting;

import io.portico.plugin.BodyFilter;
import io.portico.plugin.BodyMode;
import io.portico.plugin.BodyRejectedException;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;

import java.nio.ByteBuffer;

/**
 * A declared Content-Length over the limit is refused before anything is read (Kong's 413, or 417 when the client
 * waits for {@code 100-continue}); a body without one (chunked) is counted as it streams upstream and refused at
 * the first byte over the limit, so the upstream never gets its end. Nothing is buffered.
 */
final class RequestSizeLimitingPlugin implements Plugin {
    static final String TOO_LARGE = "Request size limit exceeded";
    static final String LENGTH_REQUIRED = "A valid Content-Length header is required";

    private final long allowedBytes;
    private final boolean requireContentLength;

    RequestSizeLimitingPlugin(long allowedBytes, boolean requireContentLength) {
        this.allowedBytes = allowedBytes;
        this.requireContentLength = requireContentLength;
    }

    @Override
    public void access(Exchange exchange) {
        long length = contentLength(exchange);
        if (length >= 0) {
            if (length > allowedBytes) {
                exchange.respondMessage(expectsContinue(exchange) ? 417 : 413, TOO_LARGE);
            }
            return;
        }
        if (requireContentLength && !exchange.request().bodyChunked()) {
            exchange.respondMessage(411, LENGTH_REQUIRED);
        }
    }

    @Override
    public BodyMode requestBodyMode() {
        return BodyMode.STREAMING;
    }

    @Override
    public BodyFilter requestBodyFilter(Exchange exchange) {
        // A declared length was checked in access and the server holds the client to it: nothing to count.
        return contentLength(exchange) >= 0 ? null : new Counter(allowedBytes, expectsContinue(exchange) ? 417 : 413);
    }

    /** The declared Content-Length, or -1 when absent or unreadable. */
    private static long contentLength(Exchange exchange) {
        String value = exchange.request().header("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean expectsContinue(Exchange exchange) {
        String expect = exchange.request().header("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue");
    }

    /** Counts a streaming body and refuses it at the first byte over the limit. */
    private static final class Counter implements BodyFilter {
        private final long allowed;
        private final int status;
        private long seen;

        Counter(long allowed, int status) {
            this.allowed = allowed;
            this.status = status;
        }

        @Override
        public ByteBuffer chunk(ByteBuffer chunk) {
            seen += chunk.remaining();
            if (seen > allowed) {
                throw new BodyRejectedException(status, TOO_LARGE);
            }
            return chunk;
        }
    }
}
