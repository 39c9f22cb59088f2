package io.portico.plugins.requesttermination;

import io.portico.plugin.ConfigException;

import java.util.regex.Pattern;

/**
 * Config of {@code request-termination}, with Kong's fields, defaults and checks.
 *
 * @param statusCode  the status to answer with, 100..599 (default 503)
 * @param message     the message of the default {@code {"message":...}} body; exclusive with {@code body}
 * @param contentType the content type of {@code body}; needs {@code body}
 * @param body        the raw body to answer with
 * @param echo        answer with a JSON copy of the request instead (for debugging; default false)
 * @param trigger     a header or query parameter name: terminate only requests that carry it
 */
public record RequestTerminationConfig(Integer statusCode, String message, String contentType, String body,
                                       Boolean echo, String trigger) {

    // Kong's typedefs.header_name: what nginx accepts in a header name.
    private static final Pattern HEADER_NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    public RequestTerminationConfig {
        statusCode = statusCode == null ? 503 : statusCode;
        echo = echo != null && echo;
        if (statusCode < 100 || statusCode > 599) {
            throw new ConfigException("status_code", "value should be between 100 and 599");
        }
        // Kong rejects empty strings for every string field.
        requireNonEmpty("message", message);
        requireNonEmpty("content_type", contentType);
        requireNonEmpty("body", body);
        requireNonEmpty("trigger", trigger);
        if (trigger != null && !HEADER_NAME.matcher(trigger).matches()) {
            throw new ConfigException("trigger", "bad header name '" + trigger
                    + "', allowed characters are A-Z, a-z, 0-9, '_', and '-'");
        }
        if (message != null && (contentType != null || body != null)) {
            throw new ConfigException("message", "message cannot be used with content_type or body");
        }
        if (contentType != null && body == null) {
            throw new ConfigException("content_type", "content_type requires a body");
        }
        if (echo && (contentType != null || body != null)) {
            throw new ConfigException("echo", "echo cannot be used with content_type and body");
        }
    }

    private static void requireNonEmpty(String field, String value) {
        if (value != null && value.isEmpty()) {
            throw new ConfigException(field, "length must be at least 1");
        }
    }
}
