package io.hookbox.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    private static final Instant FAILED_AT = Instant.parse("2026-12-06T10:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(5, Duration.ofSeconds(10), Duration.ofSeconds(60));

    @Test
    void the_wait_doubles_after_each_failure_up_to_the_maximum() {
        assertThat(SCHEDULE.nextAttempt(1, FAILED_AT, 1)).contains(FAILED_AT.plusSeconds(10));
        assertThat(SCHEDULE.nextAttempt(2, FAILED_AT, 1)).contains(FAILED_AT.plusSeconds(20));
        assertThat(SCHEDULE.nextAttempt(3, FAILED_AT, 1)).contains(FAILED_AT.plusSeconds(40));
        assertThat(SCHEDULE.nextAttempt(4, FAILED_AT, 1)).contains(FAILED_AT.plusSeconds(60));
    }

    @Test
    void jitter_takes_up_to_a_fifth_off_the_wait_so_waits_still_grow() {
        assertThat(SCHEDULE.nextAttempt(1, FAILED_AT, 0)).contains(FAILED_AT.plusSeconds(8));
        assertThat(SCHEDULE.nextAttempt(1, FAILED_AT, 0.5)).contains(FAILED_AT.plusSeconds(9));
        Instant latestSecond = SCHEDULE.nextAttempt(1, FAILED_AT, 1).orElseThrow();
        Instant earliestThird = SCHEDULE.nextAttempt(2, FAILED_AT, 0).orElseThrow();
        assertThat(earliestThird).isAfter(latestSecond);
        assertThatThrownBy(() -> SCHEDULE.nextAttempt(1, FAILED_AT, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void after_the_last_attempt_there_is_none_the_entry_is_dead() {
        assertThat(SCHEDULE.nextAttempt(5, FAILED_AT, 0.3)).isEqualTo(Optional.empty());
        assertThat(SCHEDULE.nextAttempt(6, FAILED_AT, 0.3)).isEmpty();
        assertThat(new RetrySchedule(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).nextAttempt(1, FAILED_AT, 0)).isEmpty();
    }

    @Test
    void a_long_schedule_does_not_overflow() {
        RetrySchedule long_ = new RetrySchedule(200, Duration.ofHours(1), Duration.ofDays(2));
        assertThat(long_.nominalDelay(150)).isEqualTo(Duration.ofDays(2));
        assertThat(long_.nominalDelay(0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void the_default_policy_gives_up_after_eight_attempts() {
        RetrySchedule defaults = OutboxPolicy.DEFAULT.schedule();
        assertThat(defaults.nextAttempt(7, FAILED_AT, 1)).isPresent();
        assertThat(defaults.nextAttempt(8, FAILED_AT, 1)).isEmpty();
    }
}
