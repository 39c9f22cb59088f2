package io.portico.plugins.keyauth;

import io.portico.plugin.ConfigException;
import io.portico.plugins.consumerauth.AuthSupport;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Config of {@code key-auth}, with Kong's fields and defaults ({@code kong/plugins/key-auth/schema.lua}).
 *
 * @param keyNames        where to look for the key: header, query parameter and body field names, tried in order
 *                        (default {@code [apikey]})
 * @param hideCredentials remove the key (header, query parameter and body field of that name) before proxying
 *                        (default false)
 * @param anonymous       consumer id or username to fall back to when authentication fails, instead of a 401
 * @param keyInHeader     look in the request headers (default true)
 * @param keyInQuery      look in the query string (default true)
 * @param keyInBody       look in the body: form, JSON or multipart (default false)
 * @param runOnPreflight  authenticate {@code OPTIONS} requests too (default true)
 * @param realm           {@code WWW-Authenticate: Key realm="<realm>"} instead of plain {@code Key}
 */
public record KeyAuthConfig(List<String> keyNames, Boolean hideCredentials, String anonymous, Boolean keyInHeader,
                            Boolean keyInQuery, Boolean keyInBody, Boolean runOnPreflight, String realm) {

    // Kong's typedefs.header_name (kong.tools.http.validate_header_name).
    private static final Pattern HEADER_NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    public KeyAuthConfig {
        keyNames = keyNames == null ? List.of("apikey") : keyNames;
        hideCredentials = hideCredentials != null && hideCredentials;
        keyInHeader = keyInHeader == null || keyInHeader;
        keyInQuery = keyInQuery == null || keyInQuery;
        keyInBody = keyInBody != null && keyInBody;
        runOnPreflight = runOnPreflight == null || runOnPreflight;
        for (int i = 0; i < keyNames.size(); i++) {
            String name = keyNames.get(i);
            String field = "key_names[" + i + "]";
            if (name == null || name.isEmpty()) {
                throw new ConfigException(field, "no header name provided");
            }
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new ConfigException(field, "bad header name '" + name
                        + "', allowed characters are A-Z, a-z, 0-9, '_', and '-'");
            }
        }
        keyNames = List.copyOf(keyNames);
        AuthSupport.requireNonEmpty("anonymous", anonymous);
        AuthSupport.requireNonEmpty("realm", realm);
        AuthSupport.requireQuotable("realm", realm);
    }

    /** The {@code WWW-Authenticate} challenge of a 401, as Kong's handler builds it. */
    public String challenge() {
        return realm == null ? "Key" : "Key realm=\"" + realm + "\"";
    }
}
