package io.portico.runtime.proxy;

import io.portico.plugin.Headers;
import io.portico.runtime.Tokens;

import java.util.List;
import java.util.Set;

/**
 * What the plugin views of a request and of a response share: headers backed by a {@link HeaderMap}, and the body
 * a buffering plugin asked for.
 */
abstract class MessageView implements Headers {
    final HeaderMap headers;
    private final String unbufferedMessage;
    private final String what;
    /** Set when the body was buffered for a plugin: the bytes, or null with {@link #bodyTooLarge}. */
    private byte[] body;
    boolean bodyBuffered;
    boolean bodyTooLarge;

    /**
     * @param what              "request" or "response", for messages
     * @param unbufferedMessage why {@link #body()} is refused before the body was buffered
     */
    MessageView(HeaderMap headers, String what, String unbufferedMessage) {
        this.headers = headers;
        this.unbufferedMessage = unbufferedMessage;
        this.what = what;
    }

    public byte[] body() {
        if (!bodyBuffered) {
            throw new IllegalStateException(unbufferedMessage);
        }
        return body;
    }

    public boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    public void setBody(byte[] body) {
        if (!bodyBuffered || bodyTooLarge) {
            throw new IllegalStateException("the " + what + " body can only be replaced when it was buffered whole");
        }
        this.body = body == null ? new byte[0] : body;
    }

    void bufferedBody(byte[] body, boolean tooLarge) {
        this.body = body;
        this.bodyBuffered = true;
        this.bodyTooLarge = tooLarge;
    }

    byte[] bufferedBody() {
        return body;
    }

    @Override
    public String header(String name) {
        return headers.first(name);
    }

    @Override
    public List<String> headers(String name) {
        return headers.all(name);
    }

    @Override
    public Set<String> headerNames() {
        return headers.names();
    }

    @Override
    public void setHeader(String name, String value) {
        headers.set(checkedName(name), checkedValue(name, value));
    }

    @Override
    public void addHeader(String name, String value) {
        headers.add(checkedName(name), checkedValue(name, value));
    }

    /**
     * A field a plugin sets is checked as it is set, so a bad one fails that plugin's call (a 500 naming it), never
     * the writing of the message: no CR or LF can split a field line on its way to the client or the upstream.
     */
    static String checkedName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("invalid header name: null");
        }
        int slot = name.hashCode() & (CHECKED_NAMES.length - 1);
        if (CHECKED_NAMES[slot] != name) {
            if (!Tokens.isToken(name)) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
            CHECKED_NAMES[slot] = name;
        }
        return name;
    }

    /**
     * Names that passed {@link #checkedName}, by identity: plugins set the same constant names on every response,
     * and a string that was a token once stays one. Threads may overwrite each other's slots; a name that lost its
     * slot is only checked again.
     */
    private static final String[] CHECKED_NAMES = new String[256];

    static String checkedValue(String name, String value) {
        if (value == null || !Tokens.isFieldValue(value)) {
            throw new IllegalArgumentException("invalid character in the value of header " + name);
        }
        return value;
    }

    @Override
    public void removeHeader(String name) {
        headers.remove(name);
    }
}
