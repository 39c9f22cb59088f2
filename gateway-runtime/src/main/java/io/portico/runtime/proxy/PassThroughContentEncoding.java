package io.portico.runtime.proxy;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;

/**
 * Content codings are the upstream's business: a gzip request body goes upstream as the client sent it, with its
 * {@code Content-Encoding}, and responses are never compressed by the proxy. Helidon 4.5 without decoders refuses
 * any request carrying {@code Content-Encoding} (400, "Content-Encoding header present when content encoding is
 * disabled"); declaring every coding supported with a decoder that changes nothing lets such requests through
 * untouched.
 */
final class PassThroughContentEncoding implements ContentEncodingContext {
    static final PassThroughContentEncoding INSTANCE = new PassThroughContentEncoding();

    private PassThroughContentEncoding() {
    }

    @Override
    public boolean contentEncodingEnabled() {
        return false;
    }

    @Override
    public boolean contentDecodingEnabled() {
        return true;
    }

    @Override
    public boolean contentEncodingSupported(String encodingId) {
        return false;
    }

    @Override
    public boolean contentDecodingSupported(String encodingId) {
        return true;
    }

    @Override
    public ContentEncoder encoder(String encodingId) {
        return ContentEncoder.NO_OP;
    }

    @Override
    public ContentDecoder decoder(String encodingId) {
        return ContentDecoder.NO_OP;
    }

    @Override
    public ContentEncoder encoder(Headers headers) {
        return ContentEncoder.NO_OP;
    }

    @Override
    public ContentEncodingContextConfig prototype() {
        return ContentEncodingContextConfig.builder().contentEncodingsDiscoverServices(false).buildPrototype();
    }
}
