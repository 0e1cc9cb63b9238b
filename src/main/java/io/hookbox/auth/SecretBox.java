package io.hookbox.auth;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts what hookbox stores but must never store in clear (signing keys) with AES-256-GCM under the server key.
 * The server key comes from {@code HOOKBOX_SECRET}, else from a file generated in the data directory on first start.
 * Thread-safe.
 */
public final class SecretBox {

    static final String KEY_FILE = "server-secret.key";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box keyed by a passphrase of any length (hashed to 256 bits). */
    public static SecretBox fromPassphrase(String passphrase) {
        if (passphrase.length() < 16) {
            throw new IllegalArgumentException("HOOKBOX_SECRET must be at least 16 characters long");
        }
        return new SecretBox(sha256(passphrase.getBytes(StandardCharsets.UTF_8)));
    }

    /** The passphrase if given, else the data directory's key file, created with a random key if missing. */
    public static SecretBox open(String passphrase, Path dataDir) {
        if (passphrase != null && !passphrase.isEmpty()) {
            return fromPassphrase(passphrase);
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path temporary = Files.createTempFile(dataDir, KEY_FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh));
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            byte[] stored = Base64.getDecoder().decode(Files.readString(file).strip());
            if (stored.length != 32) {
                throw new IllegalStateException(file + " does not hold a 256-bit base64 key");
            }
            return new SecretBox(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server key " + file, e);
        }
    }

    public String seal(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext; fails when the data was sealed under another key or changed. */
    public String open(String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted: was HOOKBOX_SECRET or "
                    + KEY_FILE + " changed?", e);
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
