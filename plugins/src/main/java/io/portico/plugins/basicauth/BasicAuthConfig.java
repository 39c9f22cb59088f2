package io.portico.plugins.basicauth;

import io.portico.plugins.consumerauth.AuthSupport;

/**
 * Config of {@code basic-auth}, with Kong's fields and defaults ({@code kong/plugins/basic-auth/schema.lua}).
 *
 * @param anonymous       consumer id or username to fall back to when authentication fails, instead of a 401
 * @param hideCredentials remove the {@code Authorization} (and {@code Proxy-Authorization}) header before proxying
 *                        (default false)
 * @param realm           the realm of the {@code WWW-Authenticate: Basic realm="..."} challenge (default
 *                        {@code service})
 */
public record BasicAuthConfig(String anonymous, Boolean hideCredentials, String realm) {

    public BasicAuthConfig {
        hideCredentials = hideCredentials != null && hideCredentials;
        realm = realm == null ? "service" : realm;
        AuthSupport.requireNonEmpty("anonymous", anonymous);
        AuthSupport.requireNonEmpty("realm", realm);
        AuthSupport.requireQuotable("realm", realm);
    }

    /** The {@code WWW-Authenticate} challenge of a 401. */
    public String challenge() {
        return "Basic realm=\"" + realm + "\"";
    }
}
