package io.portico.plugins.jwt;

import io.portico.plugin.ConfigException;
import io.portico.plugins.consumerauth.AuthSupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Config of {@code jwt}, with Kong's fields, defaults and checks ({@code kong/plugins/jwt/schema.lua}).
 *
 * @param uriParamNames     query parameters that may carry the token (default {@code [jwt]})
 * @param cookieNames       cookies that may carry the token (default none)
 * @param headerNames       headers that may carry the token as {@code Bearer <token>} (default {@code [authorization]})
 * @param keyClaimName      the claim (then header parameter) naming the consumer's {@code jwt_secrets} key
 *                          (default {@code iss})
 * @param secretIsBase64    the HMAC secrets are base64-encoded (default false)
 * @param claimsToVerify    registered claims to check: {@code exp}, {@code nbf} (default none)
 * @param maximumExpiration the longest lifetime left a token may have, in seconds, 0 for no limit (default 0);
 *                          needs {@code exp} in {@code claims_to_verify}
 * @param anonymous         consumer id or username to fall back to when authentication fails
 * @param runOnPreflight    authenticate {@code OPTIONS} requests too (default true)
 * @param realm             the {@code realm} of the {@code WWW-Authenticate} header sent with a 401
 */
public record JwtConfig(List<String> uriParamNames, List<String> cookieNames, List<String> headerNames,
                        String keyClaimName, Boolean secretIsBase64, List<String> claimsToVerify,
                        Double maximumExpiration, String anonymous, Boolean runOnPreflight, String realm) {

    /** Kong's bound: 365 days. */
    public static final double MAX_MAXIMUM_EXPIRATION = 31536000;
    private static final List<String> VERIFIABLE_CLAIMS = List.of("exp", "nbf");

    public JwtConfig {
        uriParamNames = set("uri_param_names", uriParamNames, List.of("jwt"));
        cookieNames = set("cookie_names", cookieNames, List.of());
        headerNames = set("header_names", headerNames, List.of("authorization"));
        keyClaimName = keyClaimName == null ? "iss" : keyClaimName;
        secretIsBase64 = secretIsBase64 != null && secretIsBase64;
        claimsToVerify = set("claims_to_verify", claimsToVerify, List.of());
        maximumExpiration = maximumExpiration == null ? 0.0 : maximumExpiration;
        runOnPreflight = runOnPreflight == null || runOnPreflight;
        nonEmpty("key_claim_name", keyClaimName);
        nonEmpty("anonymous", anonymous);
        nonEmpty("realm", realm);
        AuthSupport.requireQuotable("realm", realm);
        for (int i = 0; i < claimsToVerify.size(); i++) {
            if (!VERIFIABLE_CLAIMS.contains(claimsToVerify.get(i))) {
                throw new ConfigException("claims_to_verify[" + i + "]", "expected one of: exp, nbf");
            }
        }
        if (maximumExpiration.isNaN() || maximumExpiration < 0 || maximumExpiration > MAX_MAXIMUM_EXPIRATION) {
            throw new ConfigException("maximum_expiration", "value should be between 0 and 31536000");
        }
        if (maximumExpiration > 0 && !claimsToVerify.contains("exp")) {
            throw new ConfigException("claims_to_verify",
                    "must contain 'exp' when maximum_expiration is set (maximum_expiration is checked against exp)");
        }
    }

    /** Kong's {@code set}: duplicates dropped, order kept; every element a non-empty string. */
    private static List<String> set(String field, List<String> values, List<String> fallback) {
        if (values == null) {
            return fallback;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new ConfigException(field + "[" + i + "]", "expected a string");
            }
            nonEmpty(field + "[" + i + "]", values.get(i));
        }
        return List.copyOf(new ArrayList<>(new LinkedHashSet<>(values)));
    }

    private static void nonEmpty(String field, String value) {
        if (value != null && value.isEmpty()) {
            throw new ConfigException(field, "length must be at least 1");
        }
    }
}
