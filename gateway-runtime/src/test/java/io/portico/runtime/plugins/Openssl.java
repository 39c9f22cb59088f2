package io.portico.runtime.plugins;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The openssl command line, to make keys and signatures with an implementation independent of the gateway's
 * (OpenSSL rather than the JDK's providers through jose4j).
 */
final class Openssl {
    private final Path dir;

    Openssl() throws IOException {
        dir = Files.createTempDirectory("portico-openssl");
        dir.toFile().deleteOnExit();
    }

    /** A private key file made by {@code openssl genpkey} with those options. */
    Path generateKey(String name, String... options) {
        Path key = dir.resolve(name + ".pem");
        List<String> command = new ArrayList<>(List.of("openssl", "genpkey"));
        command.addAll(Arrays.asList(options));
        command.addAll(List.of("-out", key.toString()));
        run(command);
        return key;
    }

    /** The public key of a private key file, as PEM ({@code openssl pkey -pubout}). */
    String publicKeyPem(Path privateKey) {
        return new String(run(List.of("openssl", "pkey", "-in", privateKey.toString(), "-pubout")),
                StandardCharsets.US_ASCII);
    }

    /** {@code openssl dgst -sha256 -sign KEY [-sigopt ...]}: an RSA or DER-encoded ECDSA signature. */
    byte[] digestSign(Path privateKey, String digest, byte[] data, String... sigopts) throws IOException {
        Path input = Files.createTempFile(dir, "input", ".txt");
        Files.write(input, data);
        List<String> command = new ArrayList<>(List.of("openssl", "dgst", "-" + digest, "-sign", privateKey.toString()));
        for (String option : sigopts) {
            command.addAll(List.of("-sigopt", option));
        }
        command.add(input.toString());
        return run(command);
    }

    /** {@code openssl pkeyutl -sign -rawin}: an Ed25519 signature of the message itself. */
    byte[] rawSign(Path privateKey, byte[] data) throws IOException {
        Path input = Files.createTempFile(dir, "input", ".txt");
        Files.write(input, data);
        return run(List.of("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", privateKey.toString(),
                "-in", input.toString()));
    }

    /** A DER ECDSA signature (SEQUENCE of INTEGER r, INTEGER s) as JWS wants it: r || s, each {@code size} bytes. */
    static byte[] derToRaw(byte[] der, int size) {
        int offset = 2;
        if ((der[1] & 0xff) == 0x81) {
            offset = 3;
        }
        byte[] out = new byte[2 * size];
        for (int i = 0; i < 2; i++) {
            if (der[offset] != 0x02) {
                throw new IllegalArgumentException("not a DER ECDSA signature");
            }
            int length = der[offset + 1] & 0xff;
            BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + length));
            byte[] bytes = value.toByteArray();
            int start = bytes.length > size ? bytes.length - size : 0; // drop the sign byte
            int copy = bytes.length - start;
            System.arraycopy(bytes, start, out, i * size + size - copy, copy);
            offset += 2 + length;
        }
        return out;
    }

    private static byte[] run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("openssl is needed by this test (Debian package openssl): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
