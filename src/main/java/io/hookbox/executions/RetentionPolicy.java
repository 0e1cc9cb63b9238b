package io.hookbox.executions;

import java.time.Duration;

/** How long execution records are kept, and how many per tenant at most. */
public record RetentionPolicy(Duration maxAge, int maxPerTenant) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(30), 10_000);

    public RetentionPolicy {
        if (maxAge.isNegative() || maxAge.isZero() || maxPerTenant < 1) {
            throw new IllegalArgumentException("execution retention needs a positive age and count");
        }
    }
}
