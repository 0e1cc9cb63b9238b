package io.hookbox.secrets;

import io.hookbox.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String KEY = "base64:" + Base64.getEncoder().encodeToString(bytes(32, 7));
    private static final String OTHER_KEY = "base64:" + Base64.getEncoder().encodeToString(bytes(32, 9));

    @TempDir
    Path dataDir;
    private Database database;

    @BeforeEach
    void openDatabase() {
        database = Database.open(Database.h2FileUrl(dataDir));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void hkdfGivesTheRfc5869TestVectors() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(ServerKey.hkdf(hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("0b".repeat(22)),
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        // test case 3: no salt (HashLen zero bytes), no info
        assertThat(hex.formatHex(ServerKey.hkdf(new byte[32], hex.parseHex("0b".repeat(22)), new byte[0], 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void aSealedValueOpensOnlyForItsBinding() {
        SecretBox box = open(Optional.of(KEY), Optional.empty());
        String sealed = box.seal("s3cret", Binding.of("hook-secret", "acme", "h1", "TOKEN"));

        assertThat(sealed).startsWith(box.currentPrefix()).doesNotContain("s3cret");
        assertThat(box.open(sealed, Binding.of("hook-secret", "acme", "h1", "TOKEN"))).isEqualTo("s3cret");
        for (Binding other : new Binding[] {Binding.of("hook-secret", "acme", "h1", "OTHER"), Binding.of("hook-secret", "acme", "h2", "TOKEN"),
                Binding.of("hook-secret", "globex", "h1", "TOKEN"), Binding.of("signing-key", "acme", "h1", "TOKEN"),
                Binding.of("hook-secret", "acme", "h1T", "OKEN")}) {
            assertThatThrownBy(() -> box.open(sealed, other)).hasMessageContaining("cannot be decrypted");
        }
    }

    @Test
    void aPassphraseIsStretchedWithTheDatabasesSaltTheSameOnEveryNode(@TempDir Path otherDir) {
        String passphrase = "correct horse battery staple";
        try (Database other = Database.open(Database.h2FileUrl(otherDir))) {
            SecretBox first = SecretBox.open(Optional.of(passphrase), Optional.empty(), dataDir, database.jdbi());
            SecretBox sameDatabase = SecretBox.open(Optional.of(passphrase), Optional.empty(), dataDir, database.jdbi());
            SecretBox otherDatabase = SecretBox.open(Optional.of(passphrase), Optional.empty(), otherDir, other.jdbi());
            Binding binding = Binding.of("test", "x");

            assertThat(sameDatabase.open(first.seal("value", binding), binding)).isEqualTo("value");
            assertThat(otherDatabase.currentPrefix()).as("another salt, another key").isNotEqualTo(first.currentPrefix());
            int memoryKib = database.jdbi().withHandle(handle -> handle.createQuery("SELECT memory_kib FROM server_key_derivation")
                    .mapTo(Integer.class).one());
            assertThat(memoryKib).isEqualTo(64 * 1024);
        }
    }

    @Test
    void aBadSecretStopsTheStartSayingWhy() {
        assertThatThrownBy(() -> open(Optional.of("too short"), Optional.empty())).hasMessageContaining("HOOKBOX_SECRET must be at least 16");
        assertThatThrownBy(() -> open(Optional.of("base64:" + Base64.getEncoder().encodeToString(bytes(16, 1))), Optional.empty()))
                .hasMessageContaining("at least 32 random bytes, not 16");
        assertThatThrownBy(() -> open(Optional.of(KEY), Optional.of("base64:not base64!")))
                .hasMessageContaining("HOOKBOX_SECRET_PREVIOUS starts with 'base64:' but the rest is not base64");
    }

    @Test
    void withoutASecretTheKeyIsGeneratedOnceIntoTheDataDirectory() throws Exception {
        String sealed = open(Optional.empty(), Optional.empty()).seal("signing key", Binding.of("test", "x"));

        assertThat(Files.readString(dataDir.resolve(SecretBox.KEY_FILE))).isNotBlank();
        assertThat(open(Optional.empty(), Optional.empty()).open(sealed, Binding.of("test", "x"))).isEqualTo("signing key");
    }

    @Test
    void thePreviousKeyStillOpensAndResealingMovesAValueToTheCurrentKey() {
        Binding binding = Binding.of("test", "x");
        String underOld = open(Optional.of(OTHER_KEY), Optional.empty()).seal("value", binding);
        SecretBox rotated = open(Optional.of(KEY), Optional.of(OTHER_KEY));

        assertThat(rotated.isCurrent(underOld)).isFalse();
        assertThat(rotated.open(underOld, binding)).isEqualTo("value");
        String resealed = rotated.reseal(underOld, binding);
        assertThat(rotated.isCurrent(resealed)).isTrue();
        assertThat(open(Optional.of(KEY), Optional.empty()).open(resealed, binding)).isEqualTo("value");
        assertThatThrownBy(() -> open(Optional.of(KEY), Optional.empty()).open(underOld, binding))
                .hasMessageContaining("set HOOKBOX_SECRET_PREVIOUS");
    }

    @Test
    void aValueSealedByTheFirstSchemeIsOnlyResealedNeverOpenedAsItIs() throws Exception {
        String passphrase = "the passphrase of an older hookbox";
        String legacy = sealTheFirstWay(passphrase, "signing key");
        SecretBox box = open(Optional.of(KEY), Optional.of(passphrase));

        assertThatThrownBy(() -> box.open(legacy, Binding.of("test", "x"))).hasMessageContaining("not sealed in the current format");
        assertThat(box.open(box.reseal(legacy, Binding.of("test", "x")), Binding.of("test", "x"))).isEqualTo("signing key");
        assertThatThrownBy(() -> open(Optional.of(KEY), Optional.empty()).reseal(legacy, Binding.of("test", "x")))
                .hasMessageContaining("give the secret it was sealed with as HOOKBOX_SECRET_PREVIOUS");
    }

    /** What the SecretBox of hookbox 0.1 did: AES-256-GCM under one SHA-256 of the passphrase, no associated data. */
    static String sealTheFirstWay(String passphrase, String plaintext) throws Exception {
        return sealTheFirstWay(MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8)), plaintext);
    }

    /** The same with the key itself: the first scheme's key without HOOKBOX_SECRET was the key file's bytes. */
    static String sealTheFirstWay(byte[] key, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    }

    private SecretBox open(Optional<String> secret, Optional<String> previous) {
        return SecretBox.open(secret, previous, dataDir, database.jdbi());
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
