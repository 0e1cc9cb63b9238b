package io.hookbox.egress;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRateTest {

    @Test
    void aTenantGetsItsRequestsPerMinuteAndRefillsOverTime() {
        AtomicLong now = new AtomicLong();
        TenantRate rate = new TenantRate(3, now::get);

        assertThat(rate.tryAcquire("a")).isTrue();
        assertThat(rate.tryAcquire("a")).isTrue();
        assertThat(rate.tryAcquire("a")).isTrue();
        assertThat(rate.tryAcquire("a")).isFalse();
        assertThat(rate.tryAcquire("b")).as("another tenant has its own budget").isTrue();

        now.addAndGet(20_000_000_000L);
        assertThat(rate.tryAcquire("a")).as("one request refilled after a third of a minute").isTrue();
        assertThat(rate.tryAcquire("a")).isFalse();
    }
}
