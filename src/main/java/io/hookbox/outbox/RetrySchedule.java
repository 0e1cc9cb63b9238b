package io.hookbox.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: exponential backoff with jitter. After the n-th failed attempt the nominal
 * wait is {@code initialDelay * 2^(n-1)}, at most {@code maxDelay}; the actual wait is 80 to 100% of it, as
 * {@code jitter} (from 0 to 1) says, so that entries failing together do not come back together. After the
 * {@code maxAttempts}-th attempt there is none: the entry is dead. Pure; thread-safe.
 */
public record RetrySchedule(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    private static final double JITTER_SHARE = 0.2;

    /**
     * When to try again after the {@code attempts}-th attempt (counted from the start of the schedule) failed at
     * {@code failedAt}, or empty when that was the last one.
     */
    public Optional<Instant> nextAttempt(int attempts, Instant failedAt, double jitter) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, not " + jitter);
        }
        long nominal = nominalDelay(attempts).toMillis();
        return Optional.of(failedAt.plusMillis(Math.round(nominal * (1 - JITTER_SHARE * (1 - jitter)))));
    }

    /** The wait after the {@code attempts}-th failed attempt, before jitter. */
    public Duration nominalDelay(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 62));
        long initial = initialDelay.toMillis();
        long delay = initial > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initial << doublings;
        return Duration.ofMillis(Math.min(delay, maxDelay.toMillis()));
    }
}
