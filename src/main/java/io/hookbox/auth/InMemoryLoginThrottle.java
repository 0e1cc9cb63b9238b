package io.hookbox.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@link LoginThrottle} of one server, in memory. Keys are SHA-256 hashes of (tenant, kind, value), so a long
 * login costs no more memory than a short one, in a Caffeine cache bounded in entries and forgetting quiet keys.
 * Each count changes atomically with its check. Thread-safe.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    /** At most this many keys are remembered; beyond it the least recently used go first. */
    public static final long MAX_KEYS = 200_000;

    private record Count(int attempts, Instant last, Instant blockedUntil) {
    }

    private final Policy policy;
    private final Clock clock;
    private final Cache<String, Count> counts;

    public InMemoryLoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.counts = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterAccess(policy.forgetAfter().plus(policy.maxDelay()))
                .ticker(() -> clock.millis() * 1_000_000)
                .build();
    }

    @Override
    public Optional<Duration> admitSignIn(String tenantId, String account, String clientAddress) {
        return admit(List.of(
                new Budget(key(tenantId, "pair", account + "\u0000" + clientAddress), policy.freeFailures()),
                new Budget(key(tenantId, "account", account), policy.freeAccountFailures()),
                new Budget(key(tenantId, "address", clientAddress), policy.freeAddressFailures())));
    }

    @Override
    public void succeeded(String tenantId, String account, String clientAddress) {
        counts.invalidate(key(tenantId, "pair", account + "\u0000" + clientAddress));
        counts.invalidate(key(tenantId, "account", account));
        counts.asMap().computeIfPresent(key(tenantId, "address", clientAddress), (key, count) ->
                count.attempts() <= 1 ? null : new Count(count.attempts() - 1, count.last(), count.blockedUntil()));
    }

    @Override
    public Optional<Duration> admitSignUp(String tenantId, String clientAddress) {
        return admit(List.of(new Budget(key(tenantId, "signup", clientAddress), policy.freeSignUps())));
    }

    /** How many attempts a key may make before waiting starts. */
    private record Budget(String key, int free) {
    }

    /** Counts the attempt on every budget, or on none when one of them makes it wait. */
    private Optional<Duration> admit(List<Budget> budgets) {
        Instant now = clock.instant();
        List<String> counted = new ArrayList<>();
        for (Budget budget : budgets) {
            Duration[] wait = new Duration[1];
            counts.asMap().compute(budget.key(), (key, count) -> {
                if (count != null && count.blockedUntil().isAfter(now)) {
                    wait[0] = Duration.between(now, count.blockedUntil());
                    return count;
                }
                int attempts = count == null || isStale(count, now) ? 1 : count.attempts() + 1;
                return new Count(attempts, now, attempts < budget.free() ? now : now.plus(delayAfter(attempts - budget.free() + 1)));
            });
            if (wait[0] != null) {
                counted.forEach(this::uncount);
                return Optional.of(wait[0]);
            }
            counted.add(budget.key());
        }
        return Optional.empty();
    }

    private void uncount(String key) {
        counts.asMap().computeIfPresent(key, (k, count) ->
                new Count(Math.max(0, count.attempts() - 1), count.last(), count.blockedUntil()));
    }

    private Duration delayAfter(int excess) {
        Duration delay = policy.firstDelay().multipliedBy(1L << Math.min(excess - 1, 20));
        return delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay;
    }

    private boolean isStale(Count count, Instant now) {
        return count.last().plus(policy.forgetAfter()).isBefore(now) && !count.blockedUntil().isAfter(now);
    }

    /** Estimated number of keys remembered, for tests of the bound. */
    long size() {
        counts.cleanUp();
        return counts.estimatedSize();
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
