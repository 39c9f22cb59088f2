package io.portico.runtime.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body on its way upstream, with its read failures told apart from the upstream's: a client
 * that breaks off mid-body, or sends framing the server cannot parse, gets a 400, not a 502 blaming the upstream.
 */
final class ClientBody extends FilterInputStream {

    /** Reading the client's body failed. */
    static final class Failure extends IOException {
        Failure(Throwable cause) {
            super("the client's request body could not be read: " + cause, cause);
        }
    }

    ClientBody(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw new Failure(e);
        }
    }

    /** Whether this failure, or one of its causes, came from reading the client's body. */
    static boolean failed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Failure) {
                return true;
            }
        }
        return false;
    }
}
