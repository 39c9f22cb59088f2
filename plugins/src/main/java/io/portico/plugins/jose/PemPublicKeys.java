package io.portico.plugins.jose;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a public key written in PEM, as Kong's {@code rsa_public_key} holds it: {@code PUBLIC KEY}
 * (SubjectPublicKeyInfo: RSA, EC or Ed25519/Ed448) or {@code RSA PUBLIC KEY} (PKCS#1).
 */
public final class PemPublicKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final List<String> KEY_FACTORIES = List.of("RSA", "EC", "EdDSA");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM_ID = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemPublicKeys() {
    }

    /**
     * The public key, or an {@link IllegalArgumentException} saying why not (the message never quotes the
     * input).
     */
    public static PublicKey parse(String pem) {
        Matcher block = BLOCK.matcher(pem.strip());
        if (!block.matches()) {
            throw new IllegalArgumentException("invalid key: expected one PEM block "
                    + "(-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)");
        }
        String type = block.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid key: the PEM body is not base64");
        }
        return switch (type) {
            case "PUBLIC KEY" -> subjectPublicKeyInfo(der);
            case "RSA PUBLIC KEY" -> subjectPublicKeyInfo(rsaSpki(der));
            case "CERTIFICATE" -> throw new IllegalArgumentException("invalid key: a certificate, not a public key; "
                    + "extract its key with: openssl x509 -pubkey -noout -in cert.pem");
            default -> throw new IllegalArgumentException(type.contains("PRIVATE")
                    ? "invalid key: a private key; give the public key (openssl pkey -pubout), and keep private"
                    + " keys out of the gateway's config"
                    : "invalid key: unexpected PEM type '" + type + "'");
        };
    }

    private static PublicKey subjectPublicKeyInfo(byte[] der) {
        for (String algorithm : KEY_FACTORIES) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException notThisKind) {
                // try the next kind
            }
        }
        throw new IllegalArgumentException("invalid key: not an RSA, EC or EdDSA public key");
    }

    /** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo. */
    private static byte[] rsaSpki(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0); // no unused bits
        bitString.writeBytes(pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RSA_ALGORITHM_ID);
        body.writeBytes(tlv(0x03, bitString.toByteArray()));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
