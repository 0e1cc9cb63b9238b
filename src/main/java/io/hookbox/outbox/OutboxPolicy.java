package io.hookbox.outbox;

import java.time.Duration;

/**
 * How after-the-fact hooks are delivered from the outbox: at most {@code maxAttempts} attempts, waiting
 * {@code initialDelayMs} after the first failure and twice as long after each next one, never more than
 * {@code maxDelayMs} ({@link RetrySchedule}). A node holds a claimed entry for {@code leaseMs} (longer than any hook
 * may run): past it, another node may deliver the entry again. It looks for due entries at least every
 * {@code pollMs}, and runs at most {@code concurrency} deliveries at once (0: this node delivers nothing).
 */
public record OutboxPolicy(int maxAttempts, long initialDelayMs, long maxDelayMs, long leaseMs, long pollMs, int concurrency) {

    public static final OutboxPolicy DEFAULT = new OutboxPolicy(8, 30_000, 3_600_000, 120_000, 1_000, 4);

    /** Why this policy is refused, or null when it is valid; field names as in the policy file. */
    public String problem() {
        if (maxAttempts < 1) {
            return "field 'outbox.maxAttempts' must be at least 1, but is " + maxAttempts;
        }
        if (initialDelayMs < 1) {
            return "field 'outbox.initialDelayMs' must be at least 1, but is " + initialDelayMs;
        }
        if (maxDelayMs < initialDelayMs) {
            return "field 'outbox.maxDelayMs' must be at least outbox.initialDelayMs (" + initialDelayMs + "), but is " + maxDelayMs;
        }
        if (leaseMs < 1_000) {
            return "field 'outbox.leaseMs' must be at least 1000, but is " + leaseMs;
        }
        if (pollMs < 10) {
            return "field 'outbox.pollMs' must be at least 10, but is " + pollMs;
        }
        if (concurrency < 0) {
            return "field 'outbox.concurrency' must be at least 0, but is " + concurrency;
        }
        return null;
    }

    public RetrySchedule schedule() {
        return new RetrySchedule(maxAttempts, Duration.ofMillis(initialDelayMs), Duration.ofMillis(maxDelayMs));
    }
}
