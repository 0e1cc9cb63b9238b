package io.hookbox.auth;

import io.hookbox.store.Constraints;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@link LoginThrottle} in the database, so every node sharing it counts against the same budgets: the limits
 * are the same with one node or ten, and survive a restart. An attempt is one transaction that locks each budget's
 * row (SELECT ... FOR UPDATE), checks and counts it; when one budget makes the attempt wait, the transaction rolls
 * back, so the attempt counts on none. Keys are SHA-256 hashes of (tenant, budget, value): no login or address is
 * stored in clear, and a long login costs no more than a short one. Portable SQL: a key's first row, inserted by
 * two attempts at once, fails one of them with a unique violation, and that attempt is made again in a new
 * transaction, where it finds and locks the row. Thread-safe.
 */
public final class DatabaseLoginThrottle implements LoginThrottle {

    /** A new key raced by more attempts than this at once is a fault, not a race. */
    private static final int ATTEMPTS_AT_A_NEW_KEY = 3;

    private final Jdbi jdbi;
    private final Policy policy;
    private final Clock clock;

    public DatabaseLoginThrottle(Jdbi jdbi, Policy policy, Clock clock) {
        this.jdbi = jdbi;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Optional<Duration> admitSignIn(String tenantId, String account, String clientAddress) {
        return admit(List.of(
                new Budget(pairKey(tenantId, account, clientAddress), policy.freeFailures()),
                new Budget(key(tenantId, "account", account), policy.freeAccountFailures()),
                new Budget(key(tenantId, "address", clientAddress), policy.freeAddressFailures())));
    }

    @Override
    public void succeeded(String tenantId, String account, String clientAddress) {
        jdbi.useTransaction(handle -> {
            LoginThrottleDao dao = handle.attach(LoginThrottleDao.class);
            dao.forget(pairKey(tenantId, account, clientAddress));
            dao.forget(key(tenantId, "account", account));
            dao.forgive(key(tenantId, "address", clientAddress));
        });
    }

    @Override
    public Optional<Duration> admitSignUp(String tenantId, String clientAddress) {
        return admit(List.of(new Budget(key(tenantId, "signup", clientAddress), policy.freeSignUps())));
    }

    /** Deletes the counts that no longer count for anything; answers how many. */
    public int prune() {
        return jdbi.withExtension(LoginThrottleDao.class, dao -> dao.prune(clock.instant()));
    }

    /** How many attempts a key may make before waiting starts. */
    private record Budget(String key, int free) {
    }

    /**
     * Counts the attempt on every budget, or on none when one of them makes it wait. The budgets are locked in the
     * order given, the same kinds in the same order for every attempt, so two attempts never wait for each other
     * in a circle.
     */
    private Optional<Duration> admit(List<Budget> budgets) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> admit(handle, budgets, clock.instant()));
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS_AT_A_NEW_KEY || !Constraints.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private Optional<Duration> admit(Handle handle, List<Budget> budgets, Instant now) {
        LoginThrottleDao dao = handle.attach(LoginThrottleDao.class);
        for (Budget budget : budgets) {
            Optional<LoginThrottleDao.Count> count = dao.lockedCount(budget.key());
            if (count.isPresent() && count.get().blockedUntil().isAfter(now)) {
                handle.rollback();
                return Optional.of(Duration.between(now, count.get().blockedUntil()));
            }
            int attempts = count.isEmpty() || isStale(count.get(), now) ? 1 : count.get().attempts() + 1;
            // "no wait" is the epoch, not now: another attempt that read the clock a moment before this one committed
            // must not see a wait of a few milliseconds
            Instant blockedUntil = attempts < budget.free() ? Instant.EPOCH : now.plus(delayAfter(attempts - budget.free() + 1));
            Instant forgetAt = now.plus(policy.forgetAfter());
            LoginThrottleDao.Count counted = new LoginThrottleDao.Count(budget.key(), attempts, now, blockedUntil,
                    blockedUntil.isAfter(forgetAt) ? blockedUntil : forgetAt);
            if (count.isPresent()) {
                dao.update(counted);
            } else {
                dao.insert(counted);
            }
        }
        return Optional.empty();
    }

    private Duration delayAfter(int excess) {
        Duration delay = policy.firstDelay().multipliedBy(1L << Math.min(excess - 1, 20));
        return delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay;
    }

    private boolean isStale(LoginThrottleDao.Count count, Instant now) {
        return count.lastAttemptAt().plus(policy.forgetAfter()).isBefore(now) && !count.blockedUntil().isAfter(now);
    }

    private static String pairKey(String tenantId, String account, String clientAddress) {
        return key(tenantId, "pair", account + "\u0000" + clientAddress);
    }

    private static String key(String tenantId, String kind, String value) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((tenantId + "\u0000" + kind + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
