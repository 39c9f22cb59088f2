package io.portico.runtime.admin;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one field of a {@code multipart/form-data} body, enough for Kong's {@code curl -F config=@kong.yml}.
 * The body is held whole (it is bounded by the admin API's config size limit).
 */
final class MultipartField {
    private MultipartField() {
    }

    /** The value of the field {@code name} as UTF-8 text, if the body has it. */
    static Optional<String> find(byte[] body, String boundary, String name) {
        // ISO-8859-1 maps each byte to one char, so indexes in the string are indexes in the bytes.
        String all = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = all.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            if (all.startsWith("--", partStart)) {
                return Optional.empty(); // the closing delimiter
            }
            int headersStart = skipLineEnd(all, partStart);
            int headersEnd = all.indexOf("\r\n\r\n", headersStart);
            if (headersEnd < 0) {
                return Optional.empty();
            }
            int next = all.indexOf("\r\n" + delimiter, headersEnd + 4);
            if (next < 0) {
                return Optional.empty();
            }
            String headers = all.substring(headersStart, headersEnd);
            if (name.equals(fieldName(headers))) {
                return Optional.of(new String(body, headersEnd + 4, next - headersEnd - 4, StandardCharsets.UTF_8));
            }
            at = next + 2;
        }
        return Optional.empty();
    }

    private static int skipLineEnd(String s, int at) {
        return s.startsWith("\r\n", at) ? at + 2 : at;
    }

    /** The {@code name} parameter of the part's Content-Disposition. */
    private static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                continue;
            }
            for (String param : line.substring(line.indexOf(':') + 1).split(";")) {
                String p = param.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("name=")) {
                    String value = p.substring(5);
                    return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }
}
