package io.portico.plugins.keyauth;

import java.util.Locale;

/**
 * A request body read as Kong's {@code kong.request.get_body()} reads it, for the three types it supports:
 * {@code application/x-www-form-urlencoded}, {@code application/json} (an object or an array at the top) and
 * {@code multipart/form-data}. Any other type, or a body that does not parse, reads as empty, as in Kong.
 */
interface BodyArgs {
    BodyArgs EMPTY = new BodyArgs() {
        @Override
        public ArgValue get(String name) {
            return ArgValue.ABSENT;
        }

        @Override
        public byte[] without(String name) {
            return null;
        }
    };

    /** What the body holds under that name. */
    ArgValue get(String name);

    /** The body with every field of that name taken out, or {@code null} when it has none. */
    byte[] without(String name);

    /** Parses a body by its content type (matched as Kong does: the media type's prefix, case-insensitive). */
    static BodyArgs parse(String contentType, byte[] body) {
        if (contentType == null || body == null) {
            return EMPTY;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        type = type.strip();
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return FormArgs.parse(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        if (type.startsWith("application/json")) {
            BodyArgs json = JsonArgs.parse(body);
            return json == null ? EMPTY : json;
        }
        if (type.startsWith("multipart/form-data")) {
            BodyArgs multipart = MultipartArgs.parse(contentType, body);
            return multipart == null ? EMPTY : multipart;
        }
        return EMPTY;
    }
}
