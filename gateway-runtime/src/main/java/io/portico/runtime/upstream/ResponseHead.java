package io.portico.runtime.upstream;

import io.portico.runtime.Tokens;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The status line and header fields of an upstream response, read with the same rigor as the request side:
 * CRLF line endings only, no obs-fold, field names that are tokens, values without control characters, one
 * framing (Content-Length or chunked, never both, never two different lengths), a bounded size. What the parser
 * refuses is an {@link InvalidResponseException}. Interim responses (100 Continue, 102, 103) are skipped; 101
 * Switching Protocols is refused, since the gateway never asks for an upgrade.
 */
public final class ResponseHead {
    /** Longest status line or header line. */
    static final int MAX_LINE = 16 * 1024;
    /** Largest head (status line and all fields). */
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_FIELDS = 256;
    private static final int MAX_INTERIM = 16;

    /** Body framing, as the head and the request method determine it. */
    enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private final boolean http10;
    private final int status;
    private final String reason;
    /** name, value, name, value, ... in wire order. */
    private final String[] fields;
    private final int fieldCount;

    private Framing framing;
    private long contentLength = -1;
    private boolean keepAlive;
    private long keepAliveTimeoutSeconds = -1;

    private ResponseHead(boolean http10, int status, String reason, String[] fields, int fieldCount) {
        this.http10 = http10;
        this.status = status;
        this.reason = reason;
        this.fields = fields;
        this.fieldCount = fieldCount;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** Number of header fields. */
    public int size() {
        return fieldCount;
    }

    public String name(int i) {
        return fields[2 * i];
    }

    public String value(int i) {
        return fields[2 * i + 1];
    }

    /** Every field in wire order, one call per field line. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fieldCount; i++) {
            action.accept(fields[2 * i], fields[2 * i + 1]);
        }
    }

    /** The first value of a field, or null. */
    public String first(String name) {
        for (int i = 0; i < fieldCount; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return fields[2 * i + 1];
            }
        }
        return null;
    }

    Framing framing() {
        return framing;
    }

    /** The declared body length, or -1 when the body is chunked, delimited by close, or absent. */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the connection may carry another request once this response's body was read to its end. */
    boolean keepAlive() {
        return keepAlive;
    }

    long keepAliveTimeoutSeconds() {
        return keepAliveTimeoutSeconds;
    }

    // ---- reading ----

    /**
     * Reads a final response head from the connection, skipping interim 1xx responses, and works out the body
     * framing for a response to {@code method}.
     */
    static ResponseHead read(Http1Connection conn, String method) throws IOException {
        for (int interim = 0; ; interim++) {
            ResponseHead head = readOne(conn);
            if (head.status >= 200) {
                head.interpret("HEAD".equals(method));
                return head;
            }
            if (head.status == 101) {
                throw new InvalidResponseException("101 Switching Protocols to a request that asked for no upgrade");
            }
            if (interim == MAX_INTERIM) {
                throw new InvalidResponseException("more than " + MAX_INTERIM + " interim (1xx) responses");
            }
        }
    }

    private static ResponseHead readOne(Http1Connection conn) throws IOException {
        String statusLine = conn.readLine(MAX_LINE, "status line");
        int total = statusLine.length() + 2;
        boolean http10;
        if (statusLine.startsWith("HTTP/1.1 ")) {
            http10 = false;
        } else if (statusLine.startsWith("HTTP/1.0 ")) {
            http10 = true;
        } else {
            throw new InvalidResponseException("not an HTTP/1.1 status line: " + printable(statusLine));
        }
        if (statusLine.length() < 12 || !digit(statusLine.charAt(9)) || !digit(statusLine.charAt(10))
                || !digit(statusLine.charAt(11)) || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new InvalidResponseException("invalid status code: " + printable(statusLine));
        }
        int status = (statusLine.charAt(9) - '0') * 100 + (statusLine.charAt(10) - '0') * 10 + (statusLine.charAt(11) - '0');
        if (status < 100 || status > 599) {
            throw new InvalidResponseException("status code out of range: " + status);
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new InvalidResponseException("control character in the reason phrase");
            }
        }

        String[] fields = new String[32];
        int count = 0;
        while (true) {
            int next = conn.peek();
            if (next == ' ' || next == '\t') {
                throw new InvalidResponseException("obs-fold (a header line starting with whitespace)");
            }
            String line = conn.readLine(MAX_LINE, "response head");
            total += line.length() + 2;
            if (total > MAX_HEAD) {
                throw new InvalidResponseException("response head larger than " + MAX_HEAD + " bytes");
            }
            if (line.isEmpty()) {
                break;
            }
            if (count == MAX_FIELDS) {
                throw new InvalidResponseException("more than " + MAX_FIELDS + " header fields");
            }
            if (2 * count + 2 > fields.length) {
                fields = Arrays.copyOf(fields, fields.length * 2);
            }
            parseField(line, fields, 2 * count);
            count++;
        }
        return new ResponseHead(http10, status, reason, fields, count);
    }

    /** Parses {@code name: value} into fields[at], fields[at + 1]; the name must be a token, the value clean. */
    static void parseField(String line, String[] fields, int at) throws InvalidResponseException {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new InvalidResponseException(colon == 0 ? "header line with an empty name"
                    : "header line without a colon: " + printable(line));
        }
        for (int i = 0; i < colon; i++) {
            if (!Tokens.isTchar(line.charAt(i))) {
                throw new InvalidResponseException("invalid character in a header name: " + printable(line));
            }
        }
        int start = colon + 1;
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new InvalidResponseException("control character in the value of " + line.substring(0, colon));
            }
        }
        fields[at] = name(line, colon);
        fields[at + 1] = line.substring(start, end);
    }

    /** Names most upstreams send, spelled as they send them: reused instead of copied out of every response. */
    private static final String[] COMMON_NAMES = {"Server", "Date", "Content-Type", "Content-Length", "Connection",
            "Keep-Alive", "Cache-Control", "ETag", "Last-Modified", "Vary", "Expires", "Accept-Ranges",
            "Transfer-Encoding", "Content-Encoding", "Location", "Set-Cookie", "content-type", "content-length",
            "date", "server", "connection", "transfer-encoding"};

    private static String name(String line, int colon) {
        for (String common : COMMON_NAMES) {
            if (common.length() == colon && line.startsWith(common)) {
                return common;
            }
        }
        return line.substring(0, colon);
    }

    /** Works out framing and keep-alive (RFC 9112 section 6.3), refusing what could be read two ways. */
    private void interpret(boolean headRequest) throws InvalidResponseException {
        String transferEncoding = null;
        long length = -1;
        boolean close = false;
        boolean keepAliveToken = false;
        for (int i = 0; i < fieldCount; i++) {
            String name = fields[2 * i];
            String value = fields[2 * i + 1];
            switch (name.length()) {
                case 14 -> {
                    if (name.equalsIgnoreCase("content-length")) {
                        length = contentLength(value, length);
                    }
                }
                case 17 -> {
                    if (name.equalsIgnoreCase("transfer-encoding")) {
                        transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
                    }
                }
                case 10 -> {
                    if (name.equalsIgnoreCase("connection")) {
                        for (String token : value.split(",")) {
                            String t = token.trim();
                            close |= t.equalsIgnoreCase("close");
                            keepAliveToken |= t.equalsIgnoreCase("keep-alive");
                        }
                    } else if (name.equalsIgnoreCase("keep-alive")) {
                        keepAliveTimeoutSeconds = keepAliveTimeout(value);
                    }
                }
                default -> {
                }
            }
        }
        if (transferEncoding != null) {
            if (length >= 0) {
                throw new InvalidResponseException("Content-Length together with Transfer-Encoding");
            }
            if (http10) {
                throw new InvalidResponseException("Transfer-Encoding in an HTTP/1.0 response");
            }
            if (!onlyChunked(transferEncoding)) {
                throw new InvalidResponseException("unsupported Transfer-Encoding: " + printable(transferEncoding));
            }
        }
        keepAlive = !close && (!http10 || keepAliveToken);
        boolean bodyless = headRequest || status == 204 || status == 304;
        if (bodyless) {
            framing = Framing.NONE;
            contentLength = headRequest ? length : -1;
            // A 204 or 304 announcing a body is confused: answer without one, but do not trust the connection after.
            if (!headRequest && (transferEncoding != null || (status == 204 && length > 0))) {
                keepAlive = false;
            }
        } else if (transferEncoding != null) {
            framing = Framing.CHUNKED;
        } else if (length >= 0) {
            framing = Framing.LENGTH;
            contentLength = length;
        } else {
            framing = Framing.UNTIL_CLOSE;
            keepAlive = false;
        }
    }

    /** One Content-Length field (possibly a list of equal values); any other value, or a differing one, is invalid. */
    private static long contentLength(String value, long previous) throws InvalidResponseException {
        long result = previous;
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            String part = value.substring(start, end).trim();
            if (part.isEmpty() || part.length() > 18) {
                throw new InvalidResponseException("invalid Content-Length: " + printable(value));
            }
            long n = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!digit(c)) {
                    throw new InvalidResponseException("invalid Content-Length: " + printable(value));
                }
                n = n * 10 + (c - '0');
            }
            if (result >= 0 && result != n) {
                throw new InvalidResponseException("differing Content-Length values");
            }
            result = n;
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return result;
    }

    /** Whether a (combined) Transfer-Encoding value is exactly "chunked", the only coding relayed. */
    private static boolean onlyChunked(String value) {
        int codings = 0;
        boolean chunked = false;
        for (String part : value.split(",")) {
            String coding = part.trim();
            if (coding.isEmpty()) {
                continue;
            }
            codings++;
            chunked = coding.equalsIgnoreCase("chunked");
        }
        return codings == 1 && chunked;
    }

    /** {@code timeout=N} of a Keep-Alive header, or -1. */
    private static long keepAliveTimeout(String value) {
        for (String part : value.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("timeout=")) {
                try {
                    return Long.parseLong(p.substring(8).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A head excerpt safe to log. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return s.length() > 80 ? out + "..." : out.toString();
    }
}
