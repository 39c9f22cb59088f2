package com.example.addheader;

import io.portico.plugin.ConfigException;

import java.util.regex.Pattern;

/**
 * The {@code config:} of an {@code add-header} entry. Components are camelCase; the file uses snake_case
 * ({@code header_name}, {@code header_value}, {@code require_header}). Absent keys arrive as {@code null}.
 *
 * @param headerName    the response header to add (default {@code X-Added-By})
 * @param headerValue   its value (default {@code portico})
 * @param requireHeader a request header every request must carry, or {@code null} to accept all requests
 */
public record AddHeaderConfig(String headerName, String headerValue, String requireHeader) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public AddHeaderConfig {
        // Defaults go in the compact constructor.
        headerName = headerName == null ? "X-Added-By" : headerName;
        headerValue = headerValue == null ? "portico" : headerValue;
        // Checks throw ConfigException with the snake_case field name: the gateway reports it with the line.
        if (!TOKEN.matcher(headerName).matches()) {
            throw new ConfigException("header_name", "'" + headerName + "' is not a valid header name");
        }
        if (requireHeader != null && !TOKEN.matcher(requireHeader).matches()) {
            throw new ConfigException("require_header", "'" + requireHeader + "' is not a valid header name");
        }
    }
}
