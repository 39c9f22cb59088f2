package io.portico.runtime.upstream;

import java.io.IOException;

/**
 * The upstream's response breaks HTTP/1.1 in a way that makes its framing or meaning doubtful (a garbled status
 * line, Content-Length with Transfer-Encoding, differing Content-Lengths, an invalid chunk, obs-fold, a bare LF,
 * ...). Such a response is never relayed: before the client got anything it is a 502, afterwards the client's
 * connection is closed; the upstream connection is never reused.
 */
public final class InvalidResponseException extends IOException {
    public InvalidResponseException(String message) {
        super(message);
    }
}
