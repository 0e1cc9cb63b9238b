package io.hookbox.secrets;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns a passphrase into key material with Argon2id (memory-hard, so guessing a passphrase from a stolen database
 * costs 64 MiB and three passes per guess). The salt and cost are made once per database and stored in it, so every
 * node of a cluster derives the same key and a later change of the defaults does not change existing keys.
 */
final class PassphraseKdf {

    /** RFC 9106's second recommended option (64 MiB, 3 passes), with one lane: the derivation runs once at start. */
    record Parameters(byte[] salt, int memoryKib, int iterations, int parallelism) {
        static Parameters fresh() {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            return new Parameters(salt, 64 * 1024, 3, 1);
        }
    }

    private PassphraseKdf() {
    }

    /** The database's parameters, made and stored on the first call; of two nodes racing, the first one's are kept. */
    static Parameters parameters(Jdbi jdbi) {
        return stored(jdbi).orElseGet(() -> {
            Parameters fresh = Parameters.fresh();
            try {
                jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO server_key_derivation (id, salt, memory_kib, iterations,"
                                + " parallelism, created_at) VALUES (1, :salt, :memory, :iterations, :parallelism, :now)")
                        .bind("salt", Base64.getEncoder().encodeToString(fresh.salt())).bind("memory", fresh.memoryKib())
                        .bind("iterations", fresh.iterations()).bind("parallelism", fresh.parallelism())
                        .bind("now", Clock.systemUTC().instant()).execute());
                return fresh;
            } catch (UnableToExecuteStatementException raced) {
                return stored(jdbi).orElseThrow(() -> raced);
            }
        });
    }

    static byte[] derive(String passphrase, Parameters parameters) {
        return Argon2Function.getInstance(parameters.memoryKib(), parameters.iterations(), parameters.parallelism(), 32, Argon2.ID)
                .hash(passphrase.getBytes(StandardCharsets.UTF_8), parameters.salt()).getBytes();
    }

    private static Optional<Parameters> stored(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT salt, memory_kib, iterations, parallelism FROM server_key_derivation"
                        + " WHERE id = 1")
                .map((rs, ctx) -> new Parameters(Base64.getDecoder().decode(rs.getString("salt")), rs.getInt("memory_kib"),
                        rs.getInt("iterations"), rs.getInt("parallelism")))
                .findOne());
    }
}
