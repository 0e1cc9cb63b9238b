package io.hookbox.secrets;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.hookbox.Main;
import io.hookbox.ServerConfig;
import io.hookbox.audit.AuditTrail;
import io.hookbox.auth.DatabaseSigningKeyStore;
import io.hookbox.auth.SigningKeys;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.HookSecrets;
import io.hookbox.store.Database;
import io.hookbox.support.StoredHooks;
import io.hookbox.tenants.TenantService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a server does with stored sealed values when it starts ({@link Main.Hookbox#openSecrets}). */
class SealingAtStartTest {

    private static final String OLD_SECRET = "the secret this server had before";
    private static final String NEW_SECRET = "base64:" + Base64.getEncoder().encodeToString(
            "a new random server key of 32 bytes at least".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dataDir;
    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(Database.h2FileUrl(dataDir));
        new TenantService(database.jdbi(), database.changes(), new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()),
                Clock.systemUTC()).create("acme", "Acme");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aSigningKeySealedTheFirstWayIsResealedBoundToItsTenantAndStillSigns() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("the-old-key").generate();
        storeSigningKey(SecretBoxTest.sealTheFirstWay(OLD_SECRET, key.toJSONString()));

        SecretBox box = Main.Hookbox.openSecrets(config(Map.of("HOOKBOX_SECRET", OLD_SECRET)), database);

        String resealed = storedSigningKey();
        assertThat(box.isCurrent(resealed)).isTrue();
        assertThat(signingKeys(box).privateKey("acme").getKeyID()).isEqualTo("the-old-key");
        Main.Hookbox.openSecrets(config(Map.of("HOOKBOX_SECRET", OLD_SECRET)), database);
        assertThat(storedSigningKey()).as("a second start changes nothing").isEqualTo(resealed);
    }

    @Test
    void aSigningKeySealedTheFirstWayWithTheDataDirectorysKeyFileIsResealedToo() throws Exception {
        byte[] fileKey = new byte[32];
        new SecureRandom().nextBytes(fileKey);
        Files.writeString(dataDir.resolve(SecretBox.KEY_FILE), Base64.getEncoder().encodeToString(fileKey));
        RSAKey key = new RSAKeyGenerator(2048).keyID("file-key").generate();
        storeSigningKey(SecretBoxTest.sealTheFirstWay(fileKey, key.toJSONString()));

        SecretBox box = Main.Hookbox.openSecrets(config(Map.of()), database);

        assertThat(box.isCurrent(storedSigningKey())).isTrue();
        assertThat(signingKeys(box).privateKey("acme").getKeyID()).isEqualTo("file-key");
    }

    @Test
    void aNewSecretWithThePreviousOneResealsEverythingAndTheNewSecretAloneOpensIt() {
        SecretBox old = Main.Hookbox.openSecrets(config(Map.of("HOOKBOX_SECRET", OLD_SECRET)), database);
        String kid = signingKeys(old).privateKey("acme").getKeyID();
        StoredHooks.insert(database.jdbi(), "acme", "h1", "pre-login");
        new HookSecrets(database.jdbi(), old, new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), Clock.systemUTC())
                .put("acme", "h1", "TOKEN", "t0ken", "k1");

        assertThatThrownBy(() -> Main.Hookbox.openSecrets(config(Map.of("HOOKBOX_SECRET", NEW_SECRET)), database))
                .as("without the previous secret the start fails, saying what to do").hasMessageContaining("HOOKBOX_SECRET_PREVIOUS");
        Main.Hookbox.openSecrets(config(Map.of("HOOKBOX_SECRET", NEW_SECRET, "HOOKBOX_SECRET_PREVIOUS", OLD_SECRET)), database);
        SecretBox rotated = Main.Hookbox.openSecrets(config(Map.of("HOOKBOX_SECRET", NEW_SECRET)), database);

        assertThat(rotated.isCurrent(storedSigningKey())).isTrue();
        assertThat(signingKeys(rotated).privateKey("acme").getKeyID()).isEqualTo(kid);
        assertThat(new HookSecrets(database.jdbi(), rotated, new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()),
                Clock.systemUTC()).valuesOf("acme", "h1")).isEqualTo(Map.of("TOKEN", "t0ken"));
    }

    private ServerConfig config(Map<String, String> secrets) {
        Map<String, String> env = new HashMap<>(secrets);
        env.put("HOOKBOX_DEV", "true");
        env.put("HOOKBOX_DATA_DIR", dataDir.toString());
        return ServerConfig.fromEnvironment(env);
    }

    private SigningKeys signingKeys(SecretBox box) {
        return new SigningKeys(new DatabaseSigningKeyStore(database.jdbi(),
                new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), Clock.systemUTC()), box, Clock.systemUTC());
    }

    private void storeSigningKey(String sealed) {
        database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO signing_keys (tenant_id, sealed_key, created_at)"
                + " VALUES ('acme', :sealed, :now)").bind("sealed", sealed).bind("now", Instant.now()).execute());
    }

    private String storedSigningKey() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT sealed_key FROM signing_keys WHERE tenant_id = 'acme'")
                .mapTo(String.class).one());
    }
}
