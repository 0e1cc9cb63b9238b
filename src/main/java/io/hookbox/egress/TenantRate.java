package io.hookbox.egress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Each tenant's budget of requests per minute, as a token bucket that refills continuously, so one tenant cannot
 * turn hookbox into a traffic generator. Buckets of tenants that stopped sending expire. Thread-safe.
 */
public final class TenantRate {

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final int perMinute;
    private final LongSupplier clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(100_000)
            .build();

    public TenantRate(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    TenantRate(int perMinute, LongSupplier clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one request from the tenant's budget; false when the tenant has used its requests of the last minute. */
    public boolean tryAcquire(String tenantId) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.get(tenantId == null ? "" : tenantId, unused -> new Bucket(perMinute, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedNanos) * (double) perMinute / MINUTE_NANOS);
            bucket.updatedNanos = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    public int perMinute() {
        return perMinute;
    }
}
