package io.hookbox.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottle.Policy(3, 10, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15)), clock);

    @Test
    void a_user_may_fail_a_few_times_then_waits_longer_after_each_failure_up_to_the_cap() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitBefore("acme", "ann", "10.0.0.1")).isEmpty();
            throttle.failed("acme", "ann", "10.0.0.1");
        }
        assertThat(throttle.waitBefore("acme", "ann", "10.0.0.1")).isEmpty();

        throttle.failed("acme", "ann", "10.0.0.1");
        assertThat(throttle.waitBefore("acme", "ANN", "10.0.0.2")).contains(Duration.ofSeconds(1));
        clock.now = clock.now.plusSeconds(1);
        throttle.failed("acme", "ann", "10.0.0.1");
        assertThat(throttle.waitBefore("acme", "ann", "10.0.0.1")).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            throttle.failed("acme", "ann", "10.0.0.3");
        }
        assertThat(throttle.waitBefore("acme", "ann", "10.0.0.4")).contains(Duration.ofSeconds(30));
    }

    @Test
    void the_wait_is_per_tenant_and_user_and_a_success_clears_it() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("acme", "ann", "10.0.0." + i);
        }
        assertThat(throttle.waitBefore("acme", "ann", "10.0.0.9")).isPresent();
        assertThat(throttle.waitBefore("acme", "bob", "10.0.0.9")).isEmpty();
        assertThat(throttle.waitBefore("globex", "ann", "10.0.0.9")).isEmpty();

        throttle.succeeded("acme", "ann");
        assertThat(throttle.waitBefore("acme", "ann", "10.0.0.9")).isEmpty();
    }

    @Test
    void many_users_guessed_from_one_ip_slow_that_ip_down() {
        for (int i = 0; i < 11; i++) {
            throttle.failed("acme", "user" + i, "10.6.6.6");
        }
        assertThat(throttle.waitBefore("acme", "someone-new", "10.6.6.6")).isPresent();
        assertThat(throttle.waitBefore("acme", "someone-new", "10.0.0.1")).isEmpty();
    }

    @Test
    void failures_are_forgotten_after_a_quiet_period() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("acme", "ann", "10.0.0.1");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        throttle.failed("acme", "ann", "10.0.0.1");
        assertThat(throttle.waitBefore("acme", "ann", "10.0.0.1")).isEmpty();
    }
}
