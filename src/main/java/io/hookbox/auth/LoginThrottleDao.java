package io.hookbox.auth;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.Optional;

/** The login_throttle table (V12): one row per hashed budget key. */
@RegisterConstructorMapper(LoginThrottleDao.Count.class)
interface LoginThrottleDao {

    /** The attempts a key made, when the last one was, until when it must wait, and when the row counts for nothing. */
    record Count(String throttleKey, int attempts, Instant lastAttemptAt, Instant blockedUntil, Instant forgetAt) {
    }

    /** The key's count, locked until the transaction ends: no other node changes it in between. */
    @SqlQuery("SELECT throttle_key, attempts, last_attempt_at, blocked_until, forget_at FROM login_throttle"
            + " WHERE throttle_key = :key FOR UPDATE")
    Optional<Count> lockedCount(String key);

    /** Fails with a unique violation when another transaction inserted the key first. */
    @SqlUpdate("INSERT INTO login_throttle (throttle_key, attempts, last_attempt_at, blocked_until, forget_at)"
            + " VALUES (:throttleKey, :attempts, :lastAttemptAt, :blockedUntil, :forgetAt)")
    void insert(@BindMethods Count count);

    @SqlUpdate("UPDATE login_throttle SET attempts = :attempts, last_attempt_at = :lastAttemptAt,"
            + " blocked_until = :blockedUntil, forget_at = :forgetAt WHERE throttle_key = :throttleKey")
    void update(@BindMethods Count count);

    @SqlUpdate("DELETE FROM login_throttle WHERE throttle_key = :key")
    void forget(String key);

    /** Takes one attempt back, forgetting the key when it was the only one. */
    default void forgive(String key) {
        forgetIfSingle(key);
        decrement(key);
    }

    @SqlUpdate("DELETE FROM login_throttle WHERE throttle_key = :key AND attempts <= 1")
    void forgetIfSingle(String key);

    @SqlUpdate("UPDATE login_throttle SET attempts = attempts - 1 WHERE throttle_key = :key AND attempts > 1")
    void decrement(String key);

    @SqlUpdate("DELETE FROM login_throttle WHERE forget_at < :now")
    int prune(Instant now);
}
