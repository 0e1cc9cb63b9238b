package io.hookbox.secrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A 256-bit AES key derived from the server's key material by HKDF-SHA256 (RFC 5869), and its id: 8 more bytes of
 * the same derivation, in hex, which each sealed value names so that the key that opens it is known. The id tells
 * nothing of the key.
 * <p>
 * HKDF is written out here (RFC 5869 over the JDK's HMAC-SHA256, checked against the RFC's test vectors): the JDK's
 * own {@code javax.crypto.KDF} needs Java 25, and hookbox is built for 21.
 */
record ServerKey(String id, SecretKeySpec key) {

    private static final byte[] KEY_INFO = "hookbox sealing key (AES-256-GCM)".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_INFO = "hookbox sealing key id".getBytes(StandardCharsets.US_ASCII);

    /** {@code keyMaterial}: at least 32 bytes of a random key, or the Argon2id output for a passphrase. */
    static ServerKey derive(byte[] keyMaterial) {
        return new ServerKey(HexFormat.of().formatHex(hkdf(keyMaterial, ID_INFO, 8)), new SecretKeySpec(hkdf(keyMaterial, KEY_INFO, 32), "AES"));
    }

    private static byte[] hkdf(byte[] keyMaterial, byte[] info, int length) {
        return hkdf(new byte[32], keyMaterial, info, length);
    }

    /** RFC 5869 HKDF-SHA256: extract with {@code salt} (32 zero bytes when none), then expand to {@code length} bytes. */
    static byte[] hkdf(byte[] salt, byte[] keyMaterial, byte[] info, int length) {
        try {
            byte[] pseudoRandomKey = hmac(salt, keyMaterial);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            byte[] output = new byte[length];
            byte[] block = new byte[0];
            for (int counter = 1, filled = 0; filled < length; counter++) {
                expand.update(block);
                expand.update(info);
                expand.update((byte) counter);
                block = expand.doFinal();
                int n = Math.min(block.length, length - filled);
                System.arraycopy(block, 0, output, filled, n);
                filled += n;
            }
            return output;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
