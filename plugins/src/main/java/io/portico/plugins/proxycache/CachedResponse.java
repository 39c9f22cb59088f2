package io.portico.plugins.proxycache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored response, as Kong stores it: status, headers, body, when it was stored and for how long it is fresh.
 *
 * @param headers   name/value pairs in order (a name may repeat)
 * @param timestamp epoch seconds when stored
 * @param ttl       seconds it is fresh
 */
record CachedResponse(int status, List<String[]> headers, byte[] body, long timestamp, long ttl) {
    /** The format version of {@link #toBytes()}, as Kong's CACHE_VERSION. */
    static final int VERSION = 1;

    /** Roughly the bytes it holds in memory, for the memory strategy's bound. */
    int weight() {
        int size = body.length + 64;
        for (String[] h : headers) {
            size += h[0].length() + h[1].length() + 16;
        }
        return size;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeShort(status);
            out.writeLong(timestamp);
            out.writeLong(ttl);
            out.writeInt(headers.size());
            for (String[] h : headers) {
                out.writeUTF(h[0]);
                out.writeUTF(h[1]);
            }
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The stored response, or {@code null} when the bytes are of another format version (then it is a miss). */
    static CachedResponse fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                return null;
            }
            int status = in.readShort();
            long timestamp = in.readLong();
            long ttl = in.readLong();
            int count = in.readInt();
            List<String[]> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(new String[]{in.readUTF(), in.readUTF()});
            }
            byte[] body = in.readNBytes(in.readInt());
            return new CachedResponse(status, headers, body, timestamp, ttl);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
