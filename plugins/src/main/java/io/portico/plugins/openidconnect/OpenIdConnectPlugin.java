package io.portico.plugins.openidconnect;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.jose.CompactJws;
import io.portico.plugins.jose.Signatures;
import org.jose4j.jwk.PublicJsonWebKey;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a bearer JWT issued by the configured OpenID provider: signature with one of the issuer's keys and an
 * allowed algorithm, {@code iss}, {@code exp} (required) and {@code nbf} with the leeway, then the required
 * audiences and scopes; and identifies the caller. Refusals are generic (401 {@code Unauthorized}, 403
 * {@code Forbidden}); the reason goes to the debug log, never the token.
 */
final class OpenIdConnectPlugin implements Plugin {
    static final String CTX_TOKEN = "authenticated_jwt_token";
    static final String CTX_CLAIMS = "jwt_claims";
    // RFC 6750 section 2.1; the scheme is case-insensitive (RFC 9110 section 11.1)
    private static final Pattern BEARER = Pattern.compile("\\s*Bearer +([A-Za-z0-9._~+/=-]+)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final String JSON = "application/json; charset=utf-8";

    private final OpenIdConnectConfig config;
    private final IssuerKeys keys;
    private final PluginContext context;
    private final Consumer anonymous;

    private record Failure(int status, String challenge, String reason) {
        static Failure unauthorized(String reason) {
            return new Failure(401, "Bearer error=\"invalid_token\"", reason);
        }

        static Failure forbidden(String reason) {
            return new Failure(403, "Bearer error=\"insufficient_scope\"", reason);
        }
    }

    OpenIdConnectPlugin(OpenIdConnectConfig config, IssuerKeys keys, PluginContext context, Consumer anonymous) {
        this.config = config;
        this.keys = keys;
        this.context = context;
        this.anonymous = anonymous;
    }

    @Override
    public void access(Exchange exchange) {
        if (AuthSupport.skips(exchange, config.runOnPreflight(), anonymous)) {
            return;
        }
        if (anonymous != null) {
            Failure failure = authenticate(exchange);
            if (failure != null) {
                debug(exchange, failure);
                exchange.authenticateAnonymous(anonymous);
            }
            return;
        }
        Failure failure = authenticate(exchange);
        if (failure != null) {
            debug(exchange, failure);
            exchange.respond(failure.status(),
                    failure.status() == 401 ? "{\"message\":\"Unauthorized\"}" : "{\"message\":\"Forbidden\"}",
                    Map.of("Content-Type", JSON, "WWW-Authenticate", failure.challenge()));
        }
    }

    private Failure authenticate(Exchange exchange) {
        String authorization = exchange.request().header("Authorization");
        Matcher bearer = authorization == null ? null : BEARER.matcher(authorization);
        if (bearer == null || !bearer.matches()) {
            return new Failure(401, "Bearer", "no bearer token");
        }
        String token = bearer.group(1);
        CompactJws jws;
        try {
            jws = CompactJws.parse(token);
        } catch (CompactJws.MalformedTokenException e) {
            return Failure.unauthorized("malformed token (" + e.problem() + ")");
        }
        String algorithm = jws.algorithm();
        if (algorithm == null || !config.algorithms().contains(algorithm)) {
            return Failure.unauthorized("algorithm " + printable(algorithm) + " is not allowed");
        }
        String refused = jws.refusedHeader();
        if (refused != null) {
            return Failure.unauthorized("header parameter '" + refused + "' is refused");
        }
        List<PublicJsonWebKey> candidates = keys.keysFor(jws.keyId(), algorithm);
        if (candidates.isEmpty()) {
            return Failure.unauthorized("no " + algorithm + " key of the issuer has kid " + printable(jws.keyId()));
        }
        boolean verified = false;
        for (PublicJsonWebKey key : candidates) {
            if (Signatures.verify(jws, algorithm, key.getPublicKey())) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            return Failure.unauthorized("invalid signature");
        }

        Map<String, Object> claims = jws.claims();
        if (!(claims.get("iss") instanceof String iss) || !IssuerKeys.sameIssuer(iss, config.issuerIdentifier())) {
            return Failure.unauthorized("issuer " + printable(String.valueOf(claims.get("iss"))) + " is not "
                    + config.issuerIdentifier());
        }
        double now = System.currentTimeMillis() / 1000.0;
        if (!(claims.get("exp") instanceof Number exp)) {
            return Failure.unauthorized("no exp");
        }
        if (exp.doubleValue() + config.leeway() <= now) {
            return Failure.unauthorized("expired");
        }
        Object nbf = claims.get("nbf");
        if (nbf != null && !(nbf instanceof Number)) {
            return Failure.unauthorized("nbf is not a number");
        }
        if (nbf instanceof Number notBefore && notBefore.doubleValue() - config.leeway() > now) {
            return Failure.unauthorized("not valid yet");
        }
        if (!satisfies(config.audienceRequired(), values(claims.get("aud")))) {
            return Failure.forbidden("audience not accepted");
        }
        Set<String> scopes = values(claims.get("scope"));
        scopes.addAll(values(claims.get("scp")));
        if (!satisfies(config.scopesRequired(), scopes)) {
            return Failure.forbidden("missing scopes");
        }

        String subject = claims.get("sub") instanceof String sub ? sub : null;
        Credential credential = new Credential(config.issuerIdentifier() + "#" + (subject == null ? "" : subject),
                subject);
        Consumer consumer = null;
        if (config.consumerClaim() != null) {
            Optional<Consumer> found = claim(claims, config.consumerClaim()).flatMap(context::findConsumer);
            if (found.isEmpty() && !config.consumerOptional()) {
                return new Failure(403, "Bearer error=\"insufficient_scope\"", "no consumer for the token");
            }
            consumer = found.orElse(null);
        }
        exchange.authenticate(consumer, credential);
        exchange.ctx().put(CTX_TOKEN, token);
        exchange.ctx().put(CTX_CLAIMS, claims);
        if (config.hideCredentials()) {
            exchange.request().removeHeader("Authorization");
        }
        return null;
    }

    /** Kong's AND/OR form: some entry whose space-separated values are all present; no entries, no check. */
    static boolean satisfies(List<String> required, Set<String> present) {
        if (required.isEmpty()) {
            return true;
        }
        for (String entry : required) {
            if (present.containsAll(Arrays.asList(entry.trim().split("\\s+")))) {
                return true;
            }
        }
        return false;
    }

    /** A claim as a set of strings: a space-separated string, or a list of strings. */
    static Set<String> values(Object claim) {
        Set<String> values = new HashSet<>();
        if (claim instanceof String text) {
            for (String value : text.trim().split("\\s+")) {
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        } else if (claim instanceof List<?> list) {
            for (Object value : list) {
                if (value instanceof String text) {
                    values.add(text);
                }
            }
        }
        return values;
    }

    /** The string at that path of nested objects. */
    static Optional<String> claim(Map<String, Object> claims, List<String> path) {
        Object value = claims;
        for (String step : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            value = map.get(step);
        }
        return value instanceof String text && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }

    private void debug(Exchange exchange, Failure failure) {
        System.Logger logger = context.logger();
        if (logger.isLoggable(System.Logger.Level.DEBUG)) {
            logger.log(System.Logger.Level.DEBUG, "{0} {1}: token refused ({2}) on route {3}", failure.status(),
                    exchange.request().method(), failure.reason(),
                    exchange.route() == null ? "-" : exchange.route().name());
        }
    }

    /** An attacker-controlled value made safe and short for a log line. */
    private static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
