package io.portico.runtime.proxy;

import io.helidon.common.GenericType;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.mapper.MapperManager;
import io.helidon.common.mapper.Value;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The response fields the gateway hands to Helidon. A single-valued field is a {@link Field}: one small object whose
 * line is written straight into Helidon's response buffer from the name's "Name: " bytes, made once per name, and
 * the value (Helidon's own fields either make the whole line anew for every response or are copied when set).
 * Names are kept by spelling, as upstreams send the same few over and over; the cache is bounded (names past the
 * bound are made each time), so a stream of made-up names cannot grow it.
 */
final class ResponseFields {
    private static final int MAX = 1024;
    private static final ConcurrentHashMap<String, Name> NAMES = new ConcurrentHashMap<>();

    private ResponseFields() {
    }

    /** A Helidon name and the start of its field line. */
    private record Name(HeaderName name, byte[] lineStart) {
        static Name of(String spelling) {
            HeaderName name = HeaderNames.create(spelling);
            return new Name(name, (name.defaultCase() + ": ").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The field with one value. */
    static Header of(String name, String value) {
        return new Field(name(name), value);
    }

    /** The field with several values (Set-Cookie and the like): Helidon's own. */
    static Header of(String name, List<String> values) {
        return HeaderValues.create(name(name).name(), values);
    }

    private static Name name(String spelling) {
        Name known = NAMES.get(spelling);
        if (known != null) {
            return known;
        }
        Name made = Name.of(spelling);
        if (NAMES.size() < MAX) {
            NAMES.putIfAbsent(spelling, made);
        }
        return made;
    }

    /**
     * One value under one name, immutable (so Helidon keeps it as it is given). Written as Helidon writes its
     * fields: the value's characters as US-ASCII (values were checked to hold no CR, LF or NUL when set).
     */
    private static final class Field implements Header {
        private final Name name;
        private final String value;

        Field(Name name, String value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public void writeHttp1Header(BufferData buffer) {
            buffer.write(name.lineStart());
            buffer.write(value.getBytes(StandardCharsets.US_ASCII));
            buffer.write('\r');
            buffer.write('\n');
        }

        @Override
        public String name() {
            return name.name().defaultCase();
        }

        @Override
        public HeaderName headerName() {
            return name.name();
        }

        @Override
        public String get() {
            return value;
        }

        @Override
        public List<String> allValues() {
            return List.of(value);
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
            return Value.create(MapperManager.global(), name(), value, GenericType.STRING, "http", "header");
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
            return Optional.of(value);
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
            return name() + ": " + value;
        }
    }
}
