package io.portico.plugins.xmltojson;

import io.portico.plugin.ConfigException;

import java.util.regex.Pattern;

/**
 * Config of {@code xml-to-json} (Portico's own).
 *
 * @param response           convert XML responses ({@code application/xml}, {@code text/xml}, {@code *+xml}) into
 *                           JSON (default true)
 * @param request            convert JSON request bodies ({@code application/json}, {@code *+json}) into XML, for
 *                           upstreams that only speak XML (default false)
 * @param rootElement        the root element of a request converted to XML (default {@code request})
 * @param requestContentType the Content-Type of a request converted to XML (default
 *                           {@code application/xml; charset=utf-8})
 */
public record XmlToJsonConfig(Boolean response, Boolean request, String rootElement, String requestContentType) {
    // an XML name without a namespace prefix (letters, digits, '_', '-', '.'; not starting with a digit, '-', '.')
    static final Pattern XML_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_.-]*");

    public XmlToJsonConfig {
        response = response == null || response;
        request = request != null && request;
        rootElement = rootElement == null ? "request" : rootElement;
        requestContentType = requestContentType == null ? "application/xml; charset=utf-8" : requestContentType;
        if (!XML_NAME.matcher(rootElement).matches() || rootElement.toLowerCase().startsWith("xml")) {
            throw new ConfigException("root_element", "'" + rootElement + "' is not an XML element name");
        }
        if (requestContentType.isBlank()) {
            throw new ConfigException("request_content_type", "length must be at least 1");
        }
        if (!response && !request) {
            throw new ConfigException("response", "response and request are both false: nothing to convert");
        }
    }
}
