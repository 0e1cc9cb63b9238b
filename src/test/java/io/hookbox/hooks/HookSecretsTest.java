package io.hookbox.hooks;

import io.hookbox.audit.AuditEvent;
import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.secrets.SecretBox;
import io.hookbox.store.Database;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.support.StoredHooks;
import io.hookbox.tenants.TenantService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@BothDatabases
class HookSecretsTest {

    private static final String CANARY = "plaintext-canary-6f1c2b9e";
    private static final byte[] KEY = "the key of this test, 32 bytes or more".getBytes(StandardCharsets.UTF_8);

    private final Backend backend;
    @TempDir
    Path dataDir;
    private Database database;
    private AuditTrail audit;
    private HookSecrets secrets;

    HookSecretsTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open() {
        database = Database.open(backend.jdbcUrl(dataDir));
        audit = new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC());
        TenantService tenants = new TenantService(database.jdbi(), database.changes(), audit, Clock.systemUTC());
        tenants.create("acme", "Acme");
        tenants.create("globex", "Globex");
        StoredHooks.insert(database.jdbi(), "acme", "h1", "pre-login");
        StoredHooks.insert(database.jdbi(), "acme", "h2", "pre-login");
        secrets = secretsUnder(SecretBox.withKey(KEY));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void secretsAreListedByNameAndGivenToRunsInClear() {
        secrets.put("acme", "h1", "CRM_TOKEN", CANARY, "k1");
        secrets.put("acme", "h1", "_api2", "second", "k1");
        HookSecret replaced = secrets.put("acme", "h1", "CRM_TOKEN", "replaced", "k1");

        assertThat(secrets.list("acme", "h1")).extracting(HookSecret::name).containsExactly("CRM_TOKEN", "_api2");
        assertThat(secrets.list("acme", "h1").getFirst().updatedAt()).isEqualTo(replaced.updatedAt());
        assertThat(secrets.valuesOf("acme", "h1")).isEqualTo(Map.of("CRM_TOKEN", "replaced", "_api2", "second"));
        assertThat(secrets.valuesOf("acme", "h2")).isEmpty();
        assertThat(audit.list("acme", 10)).extracting(AuditEvent::action, AuditEvent::hookId, AuditEvent::summary)
                .contains(org.assertj.core.groups.Tuple.tuple("hook.secret_set", "h1", "replaced the secret CRM_TOKEN of the pre-login hook 'h1'"),
                        org.assertj.core.groups.Tuple.tuple("hook.secret_set", "h1", "added the secret CRM_TOKEN of the pre-login hook 'h1'"));
    }

    @Test
    void theDatabaseNeverHoldsAValueInClear() throws Exception {
        secrets.put("acme", "h1", "CRM_TOKEN", CANARY, "k1");
        secrets.put("acme", "h1", "CRM_TOKEN", CANARY + "-2", "k1");
        secrets.delete("acme", "h1", "CRM_TOKEN", "k1");
        secrets.put("acme", "h2", "OTHER", CANARY, "k1");

        String everyStoredText = database.jdbi().withHandle(handle -> String.join("\n",
                handle.createQuery("SELECT sealed_value FROM hook_secrets").mapTo(String.class).list())
                + String.join("\n", handle.createQuery("SELECT summary FROM audit_events").mapTo(String.class).list()));
        assertThat(everyStoredText).contains("OTHER").doesNotContain(CANARY);
        if (backend == Backend.H2) {
            database.close();
            database = null;
            byte[] file = Files.readAllBytes(dataDir.resolve("hookbox.mv.db"));
            assertThat(indexOf(file, "CRM_TOKEN".getBytes(StandardCharsets.UTF_8))).as("the scan sees what is stored").isNotNegative();
            assertThat(indexOf(file, CANARY.getBytes(StandardCharsets.UTF_8))).isNegative();
            assertThat(indexOf(file, CANARY.getBytes(StandardCharsets.UTF_16BE))).isNegative();
            assertThat(indexOf(file, CANARY.getBytes(StandardCharsets.UTF_16LE))).isNegative();
        }
    }

    @Test
    void aSealedValueCopiedToAnotherRowDoesNotOpen() {
        secrets.put("acme", "h1", "A", "value of a", "k1");
        secrets.put("acme", "h1", "B", "value of b", "k1");
        secrets.put("acme", "h2", "A", "value of h2", "k1");
        database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE hook_secrets SET sealed_value ="
                + " (SELECT sealed_value FROM hook_secrets WHERE hook_id = 'h1' AND name = 'A') WHERE hook_id = 'h1' AND name = 'B'").execute());

        assertThatThrownBy(() -> secrets.valuesOf("acme", "h1")).hasMessageContaining("cannot be decrypted");

        database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE hook_secrets SET sealed_value ="
                + " (SELECT sealed_value FROM hook_secrets WHERE hook_id = 'h1' AND name = 'A') WHERE hook_id = 'h2' AND name = 'A'").execute());
        assertThatThrownBy(() -> secrets.valuesOf("acme", "h2")).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void namesValuesAndCountAreChecked() {
        for (String name : new String[] {"1ABC", "with-dash", "", "ÄB", "a b", "x".repeat(129)}) {
            assertThat(refusal(() -> secrets.put("acme", "h1", name, "v", "k1")))
                    .as(name).extracting(HookboxException::code).isEqualTo("invalid_secret_name");
        }
        secrets.put("acme", "h1", "X" + "y".repeat(127), "é".repeat(2048), "k1");
        assertThat(refusal(() -> secrets.put("acme", "h1", "BIG", "é".repeat(2048) + "x", "k1")).code()).isEqualTo("invalid_secret_value");
        assertThat(refusal(() -> secrets.put("acme", "h1", "NULL", null, "k1")).details()).isEqualTo(Map.of("field", "value"));

        IntStream.range(1, HookSecrets.MAX_PER_HOOK).forEach(i -> secrets.put("acme", "h1", "S" + i, "v", "k1"));
        assertThat(refusal(() -> secrets.put("acme", "h1", "ONE_TOO_MANY", "v", "k1")).code()).isEqualTo("too_many_secrets");
        secrets.put("acme", "h1", "S1", "replaced at the limit", "k1");
        assertThat(secrets.list("acme", "h1")).hasSize(HookSecrets.MAX_PER_HOOK);
    }

    @Test
    void concurrentAddsNeverPassTheLimit() throws Exception {
        java.util.List<java.util.concurrent.Future<?>> adds = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < HookSecrets.MAX_PER_HOOK + 10; i++) {
                String name = "S" + i;
                adds.add(threads.submit(() -> secrets.put("acme", "h1", name, "v", "k1")));
            }
        }
        long refused = 0;
        for (java.util.concurrent.Future<?> add : adds) {
            try {
                add.get();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(((HookboxException) e.getCause()).code()).isEqualTo("too_many_secrets");
                refused++;
            }
        }
        assertThat(refused).isEqualTo(10);
        assertThat(secrets.list("acme", "h1")).hasSize(HookSecrets.MAX_PER_HOOK);
    }

    @Test
    void anotherTenantsHookIsNotFoundAndDeletingAHookDeletesItsSecrets() {
        secrets.put("acme", "h1", "TOKEN", "v", "k1");

        assertThat(refusal(() -> secrets.list("globex", "h1")).kind()).isEqualTo(HookboxException.Kind.NOT_FOUND);
        assertThat(refusal(() -> secrets.put("globex", "h1", "TOKEN", "v", "k2")).kind()).isEqualTo(HookboxException.Kind.NOT_FOUND);
        assertThat(refusal(() -> secrets.delete("globex", "h1", "TOKEN", "k2")).kind()).isEqualTo(HookboxException.Kind.NOT_FOUND);
        assertThat(secrets.valuesOf("globex", "h1")).isEmpty();
        assertThat(refusal(() -> secrets.delete("acme", "h1", "MISSING", "k1")).code()).isEqualTo("secret_not_found");

        database.jdbi().useExtension(HookDao.class, dao -> dao.delete("acme", "h1"));
        int left = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM hook_secrets").mapTo(Integer.class).one());
        assertThat(left).isZero();
    }

    @Test
    void rotationResealsEveryValueUnderTheNewKeyOnceAndTheyStillOpen() {
        secrets.put("acme", "h1", "A", "value of a", "k1");
        secrets.put("acme", "h2", "B", "value of b", "k1");
        String previous = "base64:" + java.util.Base64.getEncoder().encodeToString(KEY);
        String next = "base64:" + java.util.Base64.getEncoder().encodeToString("the next key of this test, 32 bytes long".getBytes(StandardCharsets.UTF_8));
        SecretBox rotated = SecretBox.open(Optional.of(next), Optional.of(previous), dataDir, database.jdbi());

        assertThat(secretsUnder(rotated).valuesOf("acme", "h1")).as("the previous key still opens").containsEntry("A", "value of a");
        assertThat(HookSecrets.SEALED.resealAll(database.jdbi(), rotated)).isEqualTo(2);
        assertThat(HookSecrets.SEALED.resealAll(database.jdbi(), rotated)).isZero();

        HookSecrets underNextOnly = secretsUnder(SecretBox.open(Optional.of(next), Optional.empty(), dataDir, database.jdbi()));
        assertThat(underNextOnly.valuesOf("acme", "h1")).isEqualTo(Map.of("A", "value of a"));
        assertThat(underNextOnly.valuesOf("acme", "h2")).isEqualTo(Map.of("B", "value of b"));
    }

    private HookSecrets secretsUnder(SecretBox box) {
        return new HookSecrets(database.jdbi(), box, audit, Clock.systemUTC());
    }

    private static HookboxException refusal(Runnable call) {
        try {
            call.run();
        } catch (HookboxException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
