package io.portico.plugin;

import java.nio.ByteBuffer;

/** Small helpers for bodies, kept here so plugins need no other library. */
public final class Bodies {
    /** An empty, read-only buffer. */
    public static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private Bodies() {
    }

    /** {@code {"message":"..."}} with the text escaped as a JSON string, the shape of every Kong error body. */
    public static String jsonMessage(String message) {
        return "{\"message\":" + jsonString(message) + "}";
    }

    /** The text as a quoted, escaped JSON string. */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
