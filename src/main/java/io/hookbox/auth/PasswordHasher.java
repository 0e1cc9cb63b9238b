package io.hookbox.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes (OWASP's baseline: 19 MiB, 2 iterations, 1 lane), encoded in the PHC string format so
 * the parameters travel with each hash. Thread-safe.
 */
public final class PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;

    /**
     * Checked against when the user does not exist, so an unknown user costs the same time as a wrong password: a hash
     * of a password no one has, with this class's parameters, written here so the server does not spend a hash on it
     * while it starts. {@code PasswordHasherTest} checks that its parameters are the current ones.
     */
    static final String DECOY = "$argon2id$v=19$m=19456,t=2,p=1$jGH0TQKd8MxRPUBq8aLU4g$dGUpGqN6GKlvejBsV3YUQAaVdMq8FQLnNf5PhTE/KwY";

    private final Argon2Function argon2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult();
    }

    public boolean matches(String password, String storedHash) {
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Spends a real check's time and answers false: the path for an unknown user. */
    public boolean matchesNobody(String password) {
        matches(password, DECOY);
        return false;
    }
}
