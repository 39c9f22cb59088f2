package io.portico.plugins.keyauth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body's fields by their {@code Content-Disposition} name, as Kong reads them
 * (lua-multipart's {@code get_all_with_arrays}: a repeated name gives several values). Taking a field out removes
 * its parts byte for byte and leaves every other part, files included, as sent.
 */
final class MultipartArgs implements BodyArgs {
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]*)\"|[^;\\s]+)");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=(\"([^\"]*)\"|[^;\\s]+)");
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** One part: the bytes from its delimiter to the next delimiter, its name and value. */
    private record Part(int start, int end, String name, String value) {
    }

    private final byte[] body;
    private final List<Part> parts;
    private final Map<String, List<Part>> byName = new HashMap<>();

    private MultipartArgs(byte[] body, List<Part> parts) {
        this.body = body;
        this.parts = parts;
        for (Part part : parts) {
            if (part.name() != null) {
                byName.computeIfAbsent(part.name(), k -> new ArrayList<>(1)).add(part);
            }
        }
    }

    /** The parsed body, or {@code null} when it has no boundary or does not parse. */
    static MultipartArgs parse(String contentType, byte[] body) {
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
        boolean closed = false;
        for (int k = 0; k < starts.size(); k++) {
            int start = starts.get(k);
            int afterDelimiter = start + delimiter.length;
            if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                closed = true;
                break;
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
        return closed ? new MultipartArgs(body, parts) : null;
    }

    @Override
    public ArgValue get(String name) {
        List<Part> found = byName.get(name);
        if (found == null) {
            return ArgValue.ABSENT;
        }
        return found.size() > 1 ? ArgValue.MULTIPLE : ArgValue.string(found.getFirst().value());
    }

    @Override
    public byte[] without(String name) {
        if (!byName.containsKey(name)) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int copied = 0;
        for (Part part : parts) {
            if (name.equals(part.name())) {
                out.write(body, copied, part.start() - copied);
                copied = part.end();
            }
        }
        out.write(body, copied, body.length - copied);
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
