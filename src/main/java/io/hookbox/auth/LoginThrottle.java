package io.hookbox.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per tenant: after a few failed logins for one user or from one IP, every further
 * attempt must wait, twice as long after each new failure up to a cap. A success clears the user's count.
 * In memory, per server. Thread-safe.
 */
public final class LoginThrottle {

    /** Failures allowed before waiting starts, per user and per IP, and the cap on the wait. */
    public record Policy(int freeUserFailures, int freeIpFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
        public static final Policy DEFAULT = new Policy(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15));
    }

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final Policy policy;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** How long this attempt must wait before it is even checked, or empty when it may go on. */
    public Optional<Duration> waitBefore(String tenantId, String username, String ip) {
        Instant now = clock.instant();
        return longest(blockedFor(userKey(tenantId, username), now), blockedFor(ipKey(tenantId, ip), now));
    }

    public void failed(String tenantId, String username, String ip) {
        Instant now = clock.instant();
        record(userKey(tenantId, username), policy.freeUserFailures(), now);
        record(ipKey(tenantId, ip), policy.freeIpFailures(), now);
        if (failures.size() > 100_000) {
            failures.values().removeIf(entry -> isStale(entry, now));
        }
    }

    public void succeeded(String tenantId, String username) {
        failures.remove(userKey(tenantId, username));
    }

    private void record(String key, int free, Instant now) {
        failures.compute(key, (k, previous) -> {
            int count = previous == null || isStale(previous, now) ? 1 : previous.count() + 1;
            Instant blockedUntil = count <= free ? now : now.plus(delayAfter(count - free));
            return new Failures(count, now, blockedUntil);
        });
    }

    private Duration delayAfter(int excess) {
        Duration delay = policy.firstDelay().multipliedBy(1L << Math.min(excess - 1, 20));
        return delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay;
    }

    private Optional<Duration> blockedFor(String key, Instant now) {
        Failures entry = failures.get(key);
        if (entry == null || !entry.blockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, entry.blockedUntil()));
    }

    private boolean isStale(Failures entry, Instant now) {
        return entry.last().plus(policy.forgetAfter()).isBefore(now) && !entry.blockedUntil().isAfter(now);
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }

    private static String userKey(String tenantId, String username) {
        return tenantId + "\u0000user\u0000" + username.toLowerCase(java.util.Locale.ROOT);
    }

    private static String ipKey(String tenantId, String ip) {
        return tenantId + "\u0000ip\u0000" + ip;
    }
}
