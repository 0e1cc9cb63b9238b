package io.hookbox.secrets;

import org.jdbi.v3.core.Jdbi;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Seals what hookbox stores but must never store in clear (signing keys, hooks' secrets) with AES-256-GCM under the
 * server key, bound to its owner ({@link Binding}, as associated data). A sealed value reads
 * {@code hb2.<key id>.<base64url of nonce, ciphertext and tag>}: the key id is the key version, so that values sealed
 * under the previous server key are found and re-sealed ({@link SealedRows}).
 * <p>
 * The server key comes from {@code HOOKBOX_SECRET}: {@code base64:} and at least 32 random bytes is a key, expanded
 * by HKDF; anything else is a passphrase, stretched by Argon2id with a salt stored in the database
 * ({@link PassphraseKdf}). Without it, a random key is generated once into the data directory. Values sealed before
 * (one unsalted SHA-256 of the secret, no associated data) still open for {@link #reseal}, never for {@link #open}.
 * Thread-safe.
 */
public final class SecretBox {

    public static final String KEY_FILE = "server-secret.key";
    public static final String RANDOM_KEY_PREFIX = "base64:";
    public static final int MIN_PASSPHRASE_LENGTH = 16;
    public static final int MIN_KEY_BYTES = 32;
    private static final String FORMAT = "hb2";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerKey current;
    private final Optional<ServerKey> previous;
    /** The keys of the first scheme, for values sealed before it was replaced. */
    private final List<SecretKeySpec> legacy;

    private SecretBox(ServerKey current, Optional<ServerKey> previous, List<SecretKeySpec> legacy) {
        this.current = current;
        this.previous = previous;
        this.legacy = List.copyOf(legacy);
    }

    /**
     * The box of a server: keyed by {@code secret} ({@code HOOKBOX_SECRET}) if given, else by the data directory's
     * key file, created if missing; {@code previousSecret} ({@code HOOKBOX_SECRET_PREVIOUS}) still opens what it sealed.
     * A passphrase's salt is read from (or made in) {@code jdbi}'s database.
     */
    public static SecretBox open(Optional<String> secret, Optional<String> previousSecret, Path dataDir, Jdbi jdbi) {
        Supplier<PassphraseKdf.Parameters> kdf = () -> PassphraseKdf.parameters(jdbi);
        List<SecretKeySpec> legacy = new ArrayList<>();
        ServerKey current;
        if (secret.isPresent()) {
            current = ServerKey.derive(keyMaterial("HOOKBOX_SECRET", secret.get(), kdf));
            legacy.add(legacyKey(secret.get()));
        } else {
            byte[] file = keyFile(dataDir);
            current = ServerKey.derive(file);
            legacy.add(new SecretKeySpec(file, "AES"));
        }
        Optional<ServerKey> previous = previousSecret.map(given -> ServerKey.derive(keyMaterial("HOOKBOX_SECRET_PREVIOUS", given, kdf)));
        previousSecret.ifPresent(given -> legacy.add(legacyKey(given)));
        return new SecretBox(current, previous, legacy);
    }

    /** A box keyed by random key material (at least {@value #MIN_KEY_BYTES} bytes), for tools and tests. */
    public static SecretBox withKey(byte[] keyMaterial) {
        return new SecretBox(ServerKey.derive(requireKeyLength("the key", keyMaterial)), Optional.empty(), List.of());
    }

    public String seal(String plaintext, Binding binding) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(binding.associatedData());
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return currentPrefix() + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext; fails when it was sealed under an unknown key, for another binding, or changed. */
    public String open(String sealed, Binding binding) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new IllegalStateException("a stored secret of " + describe(binding) + " is not sealed in the current format;"
                    + " it is re-sealed when hookbox starts");
        }
        SecretKeySpec key = keyWithId(parts[1]).orElseThrow(() -> new IllegalStateException("a stored secret of " + describe(binding)
                + " was sealed under another server key (" + parts[1] + "): set HOOKBOX_SECRET_PREVIOUS to the secret it was"
                + " sealed with"));
        try {
            return decrypt(key, Base64.getUrlDecoder().decode(parts[2]), binding.associatedData());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret of " + describe(binding) + " cannot be decrypted: it was changed"
                    + " or belongs to another owner", e);
        }
    }

    /** Whether {@code sealed} is in the current format under the current key. */
    public boolean isCurrent(String sealed) {
        return sealed.startsWith(currentPrefix());
    }

    /** What every value sealed under the current key starts with: {@code hb2.<key id>.}. */
    public String currentPrefix() {
        return FORMAT + "." + current.id() + ".";
    }

    /** The value sealed again under the current key; it may have been sealed under the previous key or the first scheme. */
    public String reseal(String sealed, Binding binding) {
        if (sealed.startsWith(FORMAT + ".")) {
            return seal(open(sealed, binding), binding);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret of " + describe(binding) + " is in no known format", e);
        }
        for (SecretKeySpec key : legacy) {
            try {
                return seal(decrypt(key, bytes, new byte[0]), binding);
            } catch (GeneralSecurityException wrongKey) {
                // the next candidate, if any
            }
        }
        throw new IllegalStateException("a stored secret of " + describe(binding) + ", sealed before hookbox used key versions,"
                + " opens with neither HOOKBOX_SECRET nor HOOKBOX_SECRET_PREVIOUS (or the data directory's key file): give the"
                + " secret it was sealed with as HOOKBOX_SECRET_PREVIOUS");
    }

    private Optional<SecretKeySpec> keyWithId(String id) {
        if (current.id().equals(id)) {
            return Optional.of(current.key());
        }
        return previous.filter(key -> key.id().equals(id)).map(ServerKey::key);
    }

    private static String decrypt(SecretKeySpec key, byte[] bytes, byte[] associatedData) throws GeneralSecurityException {
        if (bytes.length < IV_BYTES) {
            throw new GeneralSecurityException("too short to be sealed");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
        cipher.updateAAD(associatedData);
        return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    private static String describe(Binding binding) {
        return binding.purpose() + " " + String.join("/", binding.owner());
    }

    /** {@code base64:} and a random key, else a passphrase stretched by Argon2id; {@code variable} names it in errors. */
    static byte[] keyMaterial(String variable, String secret, Supplier<PassphraseKdf.Parameters> kdf) {
        if (secret.startsWith(RANDOM_KEY_PREFIX)) {
            String encoded = secret.substring(RANDOM_KEY_PREFIX.length()).strip();
            byte[] key;
            try {
                key = encoded.contains("-") || encoded.contains("_") ? Base64.getUrlDecoder().decode(encoded) : Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(variable + " starts with '" + RANDOM_KEY_PREFIX + "' but the rest is not base64");
            }
            return requireKeyLength(variable, key);
        }
        if (secret.length() < MIN_PASSPHRASE_LENGTH) {
            throw new IllegalArgumentException(variable + " must be at least " + MIN_PASSPHRASE_LENGTH + " characters long"
                    + " (or '" + RANDOM_KEY_PREFIX + "' and a random key: openssl rand -base64 32)");
        }
        return PassphraseKdf.derive(secret, kdf.get());
    }

    private static byte[] requireKeyLength(String what, byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(what + " must hold at least " + MIN_KEY_BYTES + " random bytes, not " + key.length);
        }
        return key;
    }

    /** The first scheme's key: one SHA-256 of the secret as given. */
    private static SecretKeySpec legacyKey(String secret) {
        try {
            return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyFile(Path dataDir) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Path temporary = Files.createTempFile(dataDir, KEY_FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh));
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
            byte[] stored = Base64.getDecoder().decode(Files.readString(file).strip());
            if (stored.length != 32) {
                throw new IllegalStateException(file + " does not hold a 256-bit base64 key");
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server key " + file, e);
        }
    }
}
