package io.portico.plugins.transform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body split into its parts, each named by its {@code Content-Disposition}, as Kong's
 * lua-multipart reads it; and the same body rewritten with some fields taken out and simple fields added, every
 * other part (files included) kept byte for byte.
 */
public final class MultipartBody {
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]*)\"|[^;\\s]+)");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=(\"([^\"]*)\"|[^;\\s]+)");
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * One part: its bytes from its delimiter to the next delimiter, its field name (or {@code null}) and value.
     */
    public record Part(int start, int end, String name, String value) {
    }

    private final byte[] body;
    private final String boundary;
    private final List<Part> parts;
    private final int closingDelimiter;

    private MultipartBody(byte[] body, String boundary, List<Part> parts, int closingDelimiter) {
        this.body = body;
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
        this.closingDelimiter = closingDelimiter;
    }

    /** The parsed body, or {@code null} when the content type has no boundary or the body does not parse. */
    public static MultipartBody parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        if (boundary.isEmpty()) {
            return null;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> starts = new ArrayList<>();
        for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
            if (i == 0 || (i >= 2 && body[i - 2] == '\r' && body[i - 1] == '\n')) {
                starts.add(i);
            }
        }
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int start = starts.get(k);
            int afterDelimiter = start + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                return new MultipartBody(body, boundary, parts, start);
            }
            if (k + 1 >= starts.size()) {
                return null; // a part without the delimiter that ends it
            }
            int end = starts.get(k + 1);
            int headersStart = lineEnd(body, afterDelimiter);
            int headersEnd = indexOf(body, HEADER_END, headersStart - 2);
            int contentEnd = end - 2; // the CRLF before the next delimiter belongs to it
            if (headersStart < 0 || headersEnd < 0 || headersEnd + HEADER_END.length > contentEnd) {
                return null;
            }
            String headers = headersEnd <= headersStart ? ""
                    : new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String value = new String(body, headersEnd + HEADER_END.length,
                    contentEnd - headersEnd - HEADER_END.length, StandardCharsets.UTF_8);
            parts.add(new Part(start, end, name(headers), value));
        }
        return null; // no closing delimiter
    }

    public List<Part> parts() {
        return parts;
    }

    /**
     * The body without the parts named in {@code removed}, and with a simple field per entry of {@code added}
     * (in order) before the closing delimiter.
     */
    public byte[] rewritten(Set<String> removed, Map<String, String> added) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64 * added.size());
        int copied = 0;
        for (Part part : parts) {
            if (part.name() != null && removed.contains(part.name())) {
                out.write(body, copied, part.start() - copied);
                copied = part.end();
            }
        }
        out.write(body, copied, closingDelimiter - copied);
        added.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name.replace("\"", "%22") + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.write(body, closingDelimiter, body.length - closingDelimiter);
        return out.toByteArray();
    }

    /** The name of the part's {@code Content-Disposition: form-data; name="..."}, or {@code null}. */
    private static String name(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-disposition")) {
                Matcher m = NAME.matcher(line.substring(colon + 1));
                if (m.find()) {
                    return m.group(2) != null ? m.group(2) : m.group(1);
                }
            }
        }
        return null;
    }

    /** The index just past the CRLF ending the line at {@code from}, or -1. */
    private static int lineEnd(byte[] body, int from) {
        int crlf = indexOf(body, new byte[] {'\r', '\n'}, from);
        return crlf < 0 ? -1 : crlf + 2;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
