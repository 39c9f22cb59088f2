package io.portico.plugins.jose;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.security.Key;

/** Signature checks, done by jose4j with the algorithm chosen by the verifier, never by the token. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * Whether the token's signature verifies with that key under exactly that algorithm. The token's own
     * {@code alg} must name the same algorithm (jose4j refuses anything else, {@code none} included). HMAC
     * comparison is constant-time (jose4j's {@code ByteUtil.secureEquals}).
     */
    public static boolean verify(CompactJws token, String algorithm, Key key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm));
        if (key instanceof HmacKey) {
            // Kong accepts HMAC secrets of any length; jose4j would want at least the hash's size.
            jws.setDoKeyValidation(false);
        }
        try {
            jws.setCompactSerialization(token.token());
            jws.setKey(key);
            return jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            // a malformed signature (wrong length, bad DER), a key jose4j refuses: not verified
            return false;
        }
    }

    /** An HMAC key from the secret's bytes. */
    public static Key hmacKey(byte[] secret) {
        return new HmacKey(secret);
    }
}
