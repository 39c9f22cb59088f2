package io.portico.runtime.plugins;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** Building JWTs by hand in tests, with the JDK only: no JOSE library on the signing side. */
final class Jose {
    private Jose() {
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code base64url(header) + "." + base64url(payload)}. */
    static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 token computed with javax.crypto.Mac. */
    static String hs256(String secret, String headerJson, String payloadJson) {
        String input = signingInput(headerJson, payloadJson);
        return input + "." + b64(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), input));
    }

    /** An RS256 token signed with java.security.Signature. */
    static String rs256(PrivateKey key, String headerJson, String payloadJson) {
        return sign("SHA256withRSA", key, headerJson, payloadJson);
    }

    /**
     * A token signed with java.security.Signature under that JDK algorithm ({@code SHA256withRSA},
     * {@code SHA256withECDSAinP1363Format}, ...).
     */
    static String sign(String jdkAlgorithm, PrivateKey key, String headerJson, String payloadJson) {
        try {
            String input = signingInput(headerJson, payloadJson);
            Signature signature = Signature.getInstance(jdkAlgorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of an RSA key, as JSON. */
    static String rsaJwk(RSAPublicKey key, String kid) {
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\""
                + (kid == null ? "" : ",\"kid\":\"" + kid + "\"")
                + ",\"n\":\"" + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\"}";
    }

    /** The public JWK of a P-256 key, as JSON. */
    static String ecJwk(ECPublicKey key, String kid) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\""
                + b64(fixed(key.getW().getAffineX(), 32)) + "\",\"y\":\"" + b64(fixed(key.getW().getAffineY(), 32)) + "\"}";
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
        return out;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A PEM (or any text) as a double-quoted YAML scalar. */
    static String yamlString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
