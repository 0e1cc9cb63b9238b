package io.hookbox.store;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class BackgroundJobsTest {

    private static final Duration PERIOD = Duration.ofMinutes(10);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final Backend backend;
    private Database database;

    BackgroundJobsTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open(@TempDir java.nio.file.Path dataDir) {
        database = Database.open(backend.jdbcUrl(dataDir));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void of_two_nodes_asking_in_one_period_only_the_first_runs_the_job_and_the_next_period_is_claimed_again() {
        BackgroundJobs nodeA = jobsAt(NOW);
        BackgroundJobs nodeB = jobsAt(NOW.plusSeconds(5));

        assertThat(nodeA.claim(BackgroundJobs.PRUNE_EXECUTIONS, PERIOD)).isTrue();
        assertThat(nodeB.claim(BackgroundJobs.PRUNE_EXECUTIONS, PERIOD)).isFalse();
        assertThat(nodeA.claim(BackgroundJobs.PRUNE_EXECUTIONS, PERIOD)).isFalse();
        assertThat(jobsAt(NOW.plus(PERIOD)).claim(BackgroundJobs.PRUNE_EXECUTIONS, PERIOD)).isTrue();
    }

    private BackgroundJobs jobsAt(Instant instant) {
        return new BackgroundJobs(database.jdbi(), Clock.fixed(instant, ZoneOffset.UTC));
    }
}
