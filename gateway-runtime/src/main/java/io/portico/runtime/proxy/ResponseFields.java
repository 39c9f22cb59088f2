package io.portico.runtime.proxy;

import io.helidon.common.GenericType;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.mapper.MapperManager;
import io.helidon.common.mapper.Value;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The response's fields as Helidon gets them. The few that Helidon itself reads or writes in an HTTP/1 response
 * (Date, Connection, Transfer-Encoding, Content-Encoding, Trailer) go as Helidon fields; every other field goes into
 * one {@link Block}: a single Helidon field whose "line" is all their lines, in the order the response holds them,
 * made in one array. So a field costs no Helidon field object, map entry, lookup or iteration step, and leaves in
 * the upstream's order. Content-Length is Helidon's to write (it frames what is sent). Portico serves HTTP/1 only,
 * where Helidon writes a head through {@link Header#writeHttp1Header}.
 */
final class ResponseFields {
    /** The name the block goes under in Helidon's set; it never reaches the wire. */
    private static final HeaderName BLOCK = HeaderNames.create("X-Portico-Response-Fields");

    private ResponseFields() {
    }

    /** Hands the fields to the response (all but Content-Length). */
    static void hand(HeaderMap fields, ServerResponse res) {
        Block block = new Block();
        fields.forEachField((name, value, values) -> {
            if (name.length() == 14 && name.equalsIgnoreCase("content-length")) {
                return;
            }
            HeaderName helidonName = helidonName(name);
            if (helidonName != null) {
                res.header(value != null ? HeaderValues.create(helidonName, value)
                        : HeaderValues.create(helidonName, values));
            } else if (value != null) {
                block.add(name, value);
            } else {
                for (String v : values) {
                    block.add(name, v);
                }
            }
        });
        if (block.length > 0) {
            res.header(block);
        }
    }

    /** Helidon's name for a field Helidon reads itself, or null: the name found once, not looked up again. */
    private static HeaderName helidonName(String name) {
        HeaderName known = switch (name.length()) {
            case 4 -> HeaderNames.DATE;
            case 7 -> HeaderNames.TRAILER;
            case 10 -> HeaderNames.CONNECTION;
            case 16 -> HeaderNames.CONTENT_ENCODING;
            case 17 -> HeaderNames.TRANSFER_ENCODING;
            default -> null;
        };
        return known != null && name.equalsIgnoreCase(known.defaultCase()) ? known : null;
    }

    /**
     * Field lines as bytes, one byte per character: names are tokens, and values were checked to hold nothing
     * beyond ISO-8859-1 (nor CR, LF or NUL) when parsed or set, so each goes out as the upstream or the plugin
     * wrote it.
     */
    private static final class Block implements Header {
        private byte[] bytes = new byte[512];
        private int length;

        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each character
        void add(String name, String value) {
            int n = name.length();
            int v = value.length();
            int end = length + n + v + 4;
            if (end > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
            }
            name.getBytes(0, n, bytes, length);
            int at = length + n;
            bytes[at++] = ':';
            bytes[at++] = ' ';
            value.getBytes(0, v, bytes, at);
            at += v;
            bytes[at++] = '\r';
            bytes[at++] = '\n';
            length = at;
        }

        @Override
        public void writeHttp1Header(BufferData buffer) {
            buffer.write(bytes, 0, length);
        }

        @Override
        public String name() {
            return BLOCK.defaultCase();
        }

        @Override
        public HeaderName headerName() {
            return BLOCK;
        }

        /** The lines, for whoever reads the block as a field. */
        @Override
        public String get() {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }

        @Override
        public List<String> allValues() {
            return List.of(get());
        }

        @Override
        public int valueCount() {
            return 1;
        }

        @Override
        public boolean sensitive() {
            return false;
        }

        @Override
        public boolean changing() {
            return false;
        }

        @Override
        public Value<String> asString() {
            return Value.create(MapperManager.global(), name(), get(), GenericType.STRING, "http", "header");
        }

        @Override
        public <N> Value<N> as(Class<N> type) {
            return asString().as(type);
        }

        @Override
        public <N> Value<N> as(GenericType<N> type) {
            return asString().as(type);
        }

        @Override
        public Optional<String> asOptional() {
            return Optional.of(get());
        }

        @Override
        public <N> Value<N> as(Function<? super String, ? extends N> mapper) {
            return asString().as(mapper);
        }

        @Override
        public Value<Boolean> asBoolean() {
            return asString().asBoolean();
        }

        @Override
        public Value<Integer> asInt() {
            return asString().asInt();
        }

        @Override
        public Value<Long> asLong() {
            return asString().asLong();
        }

        @Override
        public Value<Double> asDouble() {
            return asString().asDouble();
        }

        @Override
        public String toString() {
            return get();
        }
    }
}
