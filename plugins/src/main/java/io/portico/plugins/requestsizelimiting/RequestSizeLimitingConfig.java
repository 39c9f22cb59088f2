package io.portico.plugins.requestsizelimiting;

import io.portico.plugin.ConfigException;

import java.util.List;

/**
 * Config of {@code request-size-limiting}, with Kong's fields and defaults.
 *
 * @param allowedPayloadSize   the largest body allowed, in {@code size_unit}s (default 128)
 * @param sizeUnit             {@code megabytes} (default, 2^20 bytes), {@code kilobytes} (2^10) or {@code bytes}
 * @param requireContentLength refuse with 411 a request with neither Content-Length nor chunked framing
 *                             (default false)
 */
public record RequestSizeLimitingConfig(Integer allowedPayloadSize, String sizeUnit, Boolean requireContentLength) {

    /** Kong's units, in Kong's order. */
    public static final List<String> SIZE_UNITS = List.of("megabytes", "kilobytes", "bytes");

    public RequestSizeLimitingConfig {
        allowedPayloadSize = allowedPayloadSize == null ? 128 : allowedPayloadSize;
        sizeUnit = sizeUnit == null ? "megabytes" : sizeUnit;
        requireContentLength = requireContentLength != null && requireContentLength;
        if (allowedPayloadSize < 0) {
            throw new ConfigException("allowed_payload_size", "must not be negative");
        }
        if (!SIZE_UNITS.contains(sizeUnit)) {
            throw new ConfigException("size_unit", "expected one of: " + String.join(", ", SIZE_UNITS));
        }
    }

    /** The limit in bytes. */
    public long allowedBytes() {
        long factor = switch (sizeUnit) {
            case "megabytes" -> 1L << 20;
            case "kilobytes" -> 1L << 10;
            default -> 1L;
        };
        return allowedPayloadSize * factor;
    }
}
