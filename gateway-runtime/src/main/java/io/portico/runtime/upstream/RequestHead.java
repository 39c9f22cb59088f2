package io.portico.runtime.upstream;

import io.portico.runtime.Tokens;

import java.io.IOException;

/**
 * Writes a request head exactly as given: the method, the request target (path and raw query, not re-encoded),
 * and the header fields in order, nothing added but the framing a streamed body of unknown length needs
 * ({@code Transfer-Encoding: chunked}). Anything that would let one field or line become two (CR, LF, NUL, a
 * name that is not a token, a space in the target) is refused before a byte is written.
 */
final class RequestHead {
    private RequestHead() {
    }

    static void validate(String method, String target, RequestFields fields) {
        if (!Tokens.isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + ResponseHead.printable(method));
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("empty request target");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException("invalid character in the request target: "
                        + ResponseHead.printable(target));
            }
        }
        fields.forEach((name, value) -> {
            if (!Tokens.isToken(name)) {
                throw new IllegalArgumentException("invalid header name: " + ResponseHead.printable(name));
            }
            if (!Tokens.isFieldValue(value)) {
                throw new IllegalArgumentException("invalid character in the value of " + name);
            }
        });
    }

    static void write(Http1Connection conn, String method, String target, RequestFields fields, boolean addChunked)
            throws IOException {
        conn.writeAscii(method);
        conn.write(' ');
        conn.writeAscii(target);
        conn.writeAscii(" HTTP/1.1\r\n");
        IOException[] failure = {null};
        fields.forEach((name, value) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                conn.writeAscii(name);
                conn.write(':');
                conn.write(' ');
                conn.writeAscii(value);
                conn.write('\r');
                conn.write('\n');
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (addChunked) {
            conn.writeAscii("Transfer-Encoding: chunked\r\n");
        }
        conn.write('\r');
        conn.write('\n');
    }
}
