package io.portico.plugins.xmltojson;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * A Content-Type: {@code type/subtype} in lower case and its charset parameter, if any.
 *
 * @param media   e.g. {@code application/xml}
 * @param charset the charset parameter as written, or {@code null}
 */
record MediaType(String media, String charset) {

    /** The parsed header, or {@code null} when there is none. */
    static MediaType parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.split(";");
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                charset = param.substring(eq + 1).trim().replace("\"", "");
            }
        }
        return new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), charset);
    }

    /** {@code application/xml}, {@code text/xml} or any {@code +xml} type (RFC 7303). */
    boolean isXml() {
        return media.equals("application/xml") || media.equals("text/xml") || media.endsWith("+xml");
    }

    /** {@code application/json} or any {@code +json} type. */
    boolean isJson() {
        return media.equals("application/json") || media.endsWith("+json");
    }

    /** The charset parameter as a charset; throws for an unknown one. */
    Charset resolvedCharset() {
        try {
            return Charset.forName(charset);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unsupported charset '" + charset + "'");
        }
    }

    /** The body as text: in the charset parameter's charset, else UTF-8 (JSON's). */
    String decode(byte[] body) {
        return new String(body, charset == null ? StandardCharsets.UTF_8 : resolvedCharset());
    }
}
