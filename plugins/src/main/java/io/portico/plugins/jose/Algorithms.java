package io.portico.plugins.jose;

import org.jose4j.keys.EllipticCurves;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/** The JWS algorithms Portico verifies, and which public key fits which algorithm. */
public final class Algorithms {

    /** HMAC with a shared secret. */
    public static final List<String> SYMMETRIC = List.of("HS256", "HS384", "HS512");

    /** Signatures verified with a public key. */
    public static final List<String> ASYMMETRIC = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");

    /** Every algorithm, in the order of Kong's jwt schema. */
    public static final List<String> ALL = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA");

    /** RSA keys shorter than this are refused (NIST SP 800-131A; jose4j's own floor). */
    public static final int MIN_RSA_BITS = 2048;

    private Algorithms() {
    }

    public static boolean isSymmetric(String algorithm) {
        return SYMMETRIC.contains(algorithm);
    }

    /** What is wrong with using that key for that algorithm, or {@code null} when it fits. */
    public static String keyProblem(String algorithm, PublicKey key) {
        switch (algorithm) {
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> {
                if (!(key instanceof RSAPublicKey rsa)) {
                    return algorithm + " needs an RSA public key, got " + describe(key);
                }
                int bits = rsa.getModulus().bitLength();
                return bits < MIN_RSA_BITS
                        ? "the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are required" : null;
            }
            case "ES256", "ES384", "ES512" -> {
                String curve = switch (algorithm) {
                    case "ES256" -> "P-256";
                    case "ES384" -> "P-384";
                    default -> "P-521";
                };
                if (!(key instanceof ECPublicKey ec) || !curve.equals(EllipticCurves.getName(ec.getParams().getCurve()))) {
                    return algorithm + " needs an EC public key on curve " + curve + ", got " + describe(key);
                }
                return null;
            }
            case "EdDSA" -> {
                return key instanceof EdECPublicKey ? null
                        : "EdDSA needs an Ed25519 or Ed448 public key, got " + describe(key);
            }
            default -> {
                return "unsupported algorithm " + algorithm;
            }
        }
    }

    private static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "an RSA key";
        }
        if (key instanceof ECPublicKey ec) {
            String name = EllipticCurves.getName(ec.getParams().getCurve());
            return "an EC key" + (name == null ? "" : " on " + name);
        }
        if (key instanceof EdECPublicKey ed) {
            return "an " + ed.getParams().getName() + " key";
        }
        return "a " + key.getAlgorithm() + " key";
    }
}
