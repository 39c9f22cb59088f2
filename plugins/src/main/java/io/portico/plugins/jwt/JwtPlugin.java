package io.portico.plugins.jwt;

import io.portico.plugin.Bodies;
import io.portico.plugin.Consumer;
import io.portico.plugin.CredentialHeaders;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.jose.Algorithms;
import io.portico.plugins.jose.CompactJws;
import io.portico.plugins.jose.Signatures;
import org.jose4j.json.JsonUtil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kong's {@code jwt} ({@code kong/plugins/jwt/handler.lua}): finds the token, names the consumer's secret by the
 * key claim, verifies the signature with that secret's algorithm and the registered claims asked for, and
 * identifies the consumer. Answers and their order are Kong's.
 */
final class JwtPlugin implements Plugin, CredentialHeaders {
    static final String CTX_TOKEN = "authenticated_jwt_token";
    static final String CTX_CLAIMS = "jwt_claims";

    private final JwtConfig config;
    private final Map<String, JwtSecret> secrets;
    private final Consumer anonymous;
    private final String challenge;
    private final String challengeWithError;

    /** Why a request is refused: Kong's message, or its per-claim errors. */
    private record Failure(String message, Map<String, String> errors, boolean invalidToken) {
        static Failure of(String message) {
            return new Failure(message, null, true);
        }
    }

    JwtPlugin(JwtConfig config, Map<String, JwtSecret> secrets, Consumer anonymous) {
        this.config = config;
        this.secrets = secrets;
        this.anonymous = anonymous;
        this.challenge = config.realm() == null ? "Bearer" : "Bearer realm=\"" + config.realm() + "\"";
        this.challengeWithError = config.realm() == null ? "Bearer error=\"invalid_token\""
                : challenge + ", error=\"invalid_token\"";
    }

    @Override
    public Set<String> credentialHeaders() {
        return Set.copyOf(config.headerNames());
    }

    @Override
    public void access(Exchange exchange) {
        if (AuthSupport.skips(exchange, config.runOnPreflight(), anonymous)) {
            return;
        }
        if (anonymous != null) {
            if (authenticate(exchange) != null) {
                exchange.authenticateAnonymous(anonymous);
            }
            return;
        }
        Failure failure = authenticate(exchange);
        if (failure != null) {
            String body = failure.errors() != null ? JsonUtil.toJson(failure.errors())
                    : Bodies.jsonMessage(failure.message());
            exchange.respond(401, body, Map.of("Content-Type", "application/json; charset=utf-8",
                    "WWW-Authenticate", failure.invalidToken() ? challengeWithError : challenge));
        }
    }

    /** {@code null} when the caller was identified, else why not. */
    private Failure authenticate(Exchange exchange) {
        Set<String> tokens = JwtTokens.find(exchange.request(), config);
        if (tokens.isEmpty()) {
            return new Failure("Unauthorized", null, false);
        }
        if (tokens.size() > 1) {
            return Failure.of("Multiple tokens provided");
        }
        String token = tokens.iterator().next();
        CompactJws jws;
        try {
            jws = CompactJws.parse(token);
        } catch (CompactJws.MalformedTokenException e) {
            return Failure.of("Bad token; " + switch (e.problem()) {
                case TOO_LONG -> "too long";
                case INVALID_JSON -> "invalid JSON";
                case INVALID_HEADER -> "invalid alg";
                case INVALID_CLAIMS -> "invalid claims";
                case INVALID_SIGNATURE -> "invalid signature";
            });
        }
        String alg = jws.algorithm();
        if (alg == null || !Algorithms.ALL.contains(alg)) {
            return Failure.of("Bad token; invalid alg"); // none, None, NONE and anything unknown
        }
        String refused = jws.refusedHeader();
        if (refused != null) {
            return Failure.of("Bad token; unsupported header '" + refused + "'");
        }

        String claimName = config.keyClaimName();
        Object keyValue = jws.claims().get(claimName);
        if (keyValue == null || Boolean.FALSE.equals(keyValue)) {
            keyValue = jws.header().get(claimName);
        }
        if (keyValue == null) {
            return Failure.of("No mandatory '" + claimName + "' in claims");
        }
        if ("".equals(keyValue)) {
            return Failure.of("Invalid '" + claimName + "' in claims");
        }
        JwtSecret secret = keyValue instanceof String key ? secrets.get(key) : null;
        if (secret == null) {
            return Failure.of("No credentials found for given '" + claimName + "'");
        }
        // The algorithm is the credential's: a token naming another one (HS256 against an RSA key) is refused.
        if (!secret.algorithm().equals(alg)) {
            return Failure.of("Invalid algorithm");
        }
        if (secret.verifier() == null) {
            return Failure.of("Invalid key/secret");
        }
        if (!Signatures.verify(jws, secret.algorithm(), secret.verifier())) {
            return Failure.of("Invalid signature");
        }

        long now = System.currentTimeMillis() / 1000;
        Map<String, String> errors = new LinkedHashMap<>();
        for (String claim : config.claimsToVerify()) {
            if (!(jws.claims().get(claim) instanceof Number number)) {
                errors.put(claim, "must be a number");
            } else if (claim.equals("exp") && number.doubleValue() <= now) {
                errors.put(claim, "token expired");
            } else if (claim.equals("nbf") && number.doubleValue() > now) {
                errors.put(claim, "token not valid yet");
            }
        }
        if (!errors.isEmpty()) {
            return new Failure(null, errors, true);
        }
        if (config.maximumExpiration() > 0
                && (!(jws.claims().get("exp") instanceof Number exp) || exp.doubleValue() - now > config.maximumExpiration())) {
            return new Failure(null, Map.of("exp", "exceeds maximum allowed expiration"), true);
        }

        exchange.authenticate(secret.consumer(), secret.credential());
        exchange.ctx().put(CTX_TOKEN, token);
        exchange.ctx().put(CTX_CLAIMS, jws.claims());
        return null;
    }
}
