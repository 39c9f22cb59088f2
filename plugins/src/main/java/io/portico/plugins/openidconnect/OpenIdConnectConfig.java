package io.portico.plugins.openidconnect;

import io.portico.plugin.ConfigException;
import io.portico.plugins.jose.Algorithms;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Config of {@code openid-connect}: Portico's subset of Kong Enterprise's plugin of that name, bearer-token
 * verification only. Fields Kong's plugin has keep its names ({@code issuer}, {@code audience_required},
 * {@code scopes_required}, {@code leeway}, {@code consumer_claim}, ...); the JWKS cache settings are Portico's.
 *
 * @param issuer              the issuer identifier; tokens must carry it as {@code iss}, and unless {@code jwks_uri}
 *                            is set its keys are found by discovery at
 *                            {@code <issuer>/.well-known/openid-configuration} (required)
 * @param jwksUri             where the issuer's JWKS is, skipping discovery
 * @param algorithms          the signature algorithms accepted (default {@code [RS256]}); the token's {@code alg}
 *                            must be one of them and fit the key
 * @param audienceRequired    each entry a space-separated set of audiences that must all be in {@code aud}; any
 *                            one entry suffices (Kong's AND/OR form). Empty: no check
 * @param scopesRequired      the same for the token's scopes ({@code scope}, space-separated, or {@code scp})
 * @param leeway              clock skew allowed on {@code exp} and {@code nbf}, seconds (default 60, at most 300)
 * @param consumerClaim       the claim naming the consumer (id or username), as a path into nested objects
 *                            ({@code [sub]}, or {@code [realm, user]}); absent: no consumer, the credential only
 * @param consumerOptional    with {@code consumer_claim}: a token whose consumer is unknown is let through without a
 *                            consumer instead of refused with 403 (default false)
 * @param anonymous           consumer id or username to fall back to when authentication fails
 * @param runOnPreflight      authenticate {@code OPTIONS} requests too (default true)
 * @param hideCredentials     remove the {@code Authorization} header before the request goes upstream (default false)
 * @param authMethods         Kong's authentication methods; Portico has {@code bearer} only (the default)
 * @param jwksMaxAge          seconds a fetched JWKS is used before it is fetched again (default 600); a key the
 *                            issuer removed stops working at the latest this long after it was last seen
 * @param jwksRefetchInterval the fewest seconds between two fetches of the issuer's keys (default 10): tokens
 *                            naming unknown {@code kid}s cannot make the gateway hammer the issuer
 * @param timeout             connect and read timeout of discovery and JWKS requests, milliseconds (default 10000)
 */
public record OpenIdConnectConfig(String issuer, String jwksUri, List<String> algorithms,
                                  List<String> audienceRequired, List<String> scopesRequired, Double leeway,
                                  List<String> consumerClaim, Boolean consumerOptional, String anonymous,
                                  Boolean runOnPreflight, Boolean hideCredentials, List<String> authMethods,
                                  Double jwksMaxAge, Double jwksRefetchInterval, Integer timeout) {

    public static final double MAX_LEEWAY = 300;
    public static final double MIN_REFETCH_INTERVAL = 0.1;
    public static final double MAX_JWKS_AGE = 86400;

    public OpenIdConnectConfig {
        if (issuer == null) {
            throw new ConfigException("issuer", "required field missing");
        }
        httpUrl("issuer", issuer);
        if (jwksUri != null) {
            httpUrl("jwks_uri", jwksUri);
        }
        algorithms = set("algorithms", algorithms, List.of("RS256"));
        if (algorithms.isEmpty()) {
            throw new ConfigException("algorithms", "at least one algorithm is required");
        }
        for (int i = 0; i < algorithms.size(); i++) {
            String alg = algorithms.get(i);
            if (Algorithms.isSymmetric(alg)) {
                throw new ConfigException("algorithms[" + i + "]", alg + " is not accepted: an issuer's JWKS holds"
                        + " public keys, and an HMAC key that is public proves nothing");
            }
            if (!Algorithms.ASYMMETRIC.contains(alg)) {
                throw new ConfigException("algorithms[" + i + "]",
                        "expected one of: " + String.join(", ", Algorithms.ASYMMETRIC));
            }
        }
        audienceRequired = set("audience_required", audienceRequired, List.of());
        scopesRequired = set("scopes_required", scopesRequired, List.of());
        leeway = leeway == null ? 60.0 : leeway;
        if (leeway.isNaN() || leeway < 0 || leeway > MAX_LEEWAY) {
            throw new ConfigException("leeway", "value should be between 0 and 300");
        }
        consumerClaim = consumerClaim == null ? null : list("consumer_claim", consumerClaim);
        if (consumerClaim != null && consumerClaim.isEmpty()) {
            throw new ConfigException("consumer_claim", "at least one claim name is required");
        }
        consumerOptional = consumerOptional != null && consumerOptional;
        if (consumerOptional && consumerClaim == null) {
            throw new ConfigException("consumer_optional", "needs consumer_claim");
        }
        if (anonymous != null && anonymous.isEmpty()) {
            throw new ConfigException("anonymous", "length must be at least 1");
        }
        runOnPreflight = runOnPreflight == null || runOnPreflight;
        hideCredentials = hideCredentials != null && hideCredentials;
        authMethods = set("auth_methods", authMethods, List.of("bearer"));
        for (int i = 0; i < authMethods.size(); i++) {
            if (!authMethods.get(i).equals("bearer")) {
                throw new ConfigException("auth_methods[" + i + "]", "'" + authMethods.get(i)
                        + "' is not supported by Portico; only 'bearer' (verifying a JWT access token) is");
            }
        }
        if (authMethods.isEmpty()) {
            throw new ConfigException("auth_methods", "expected [bearer]");
        }
        jwksMaxAge = jwksMaxAge == null ? 600.0 : jwksMaxAge;
        if (jwksMaxAge.isNaN() || jwksMaxAge <= 0 || jwksMaxAge > MAX_JWKS_AGE) {
            throw new ConfigException("jwks_max_age", "value should be above 0 and at most 86400");
        }
        jwksRefetchInterval = jwksRefetchInterval == null ? Math.min(10.0, jwksMaxAge) : jwksRefetchInterval;
        if (jwksRefetchInterval.isNaN() || jwksRefetchInterval < MIN_REFETCH_INTERVAL) {
            throw new ConfigException("jwks_refetch_interval", "value should be at least 0.1");
        }
        if (jwksRefetchInterval > jwksMaxAge) {
            // Otherwise a stale set could not be refreshed in time and removed keys would outlive the max age.
            throw new ConfigException("jwks_refetch_interval", "must not be above jwks_max_age");
        }
        timeout = timeout == null ? 10000 : timeout;
        if (timeout < 1 || timeout > 60000) {
            throw new ConfigException("timeout", "value should be between 1 and 60000");
        }
    }

    /** The path of the discovery document, relative to the issuer. */
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    /**
     * The issuer identifier tokens must carry. Like Kong's, {@code issuer} may also be written as the discovery
     * document's URL; the identifier is then the URL without {@value #DISCOVERY_PATH}.
     */
    public String issuerIdentifier() {
        return issuer.endsWith(DISCOVERY_PATH) ? issuer.substring(0, issuer.length() - DISCOVERY_PATH.length()) : issuer;
    }

    /** Where the discovery document is. */
    public URI discoveryUri() {
        if (issuer.endsWith(DISCOVERY_PATH)) {
            return URI.create(issuer);
        }
        return URI.create(issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) + DISCOVERY_PATH
                : issuer + DISCOVERY_PATH);
    }

    private static void httpUrl(String field, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(field, "not a valid URL");
        }
        if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new ConfigException(field, "expected an http or https URL with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(field, "must not have a query, a fragment or user info");
        }
    }

    private static List<String> set(String field, List<String> values, List<String> fallback) {
        return values == null ? fallback : List.copyOf(new LinkedHashSet<>(list(field, values)));
    }

    private static List<String> list(String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new ConfigException(field + "[" + i + "]", "expected a string");
            }
            if (values.get(i).isBlank()) {
                throw new ConfigException(field + "[" + i + "]", "length must be at least 1");
            }
        }
        return List.copyOf(new ArrayList<>(values));
    }
}
