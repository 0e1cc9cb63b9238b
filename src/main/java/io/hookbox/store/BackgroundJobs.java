package io.hookbox.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Background work that the nodes sharing a database run once between them, not once each: a node claims a job's
 * turn before running it, and at most one claim per period succeeds, whichever node asks first. Thread-safe.
 */
public final class BackgroundJobs {

    public static final String PRUNE_EXECUTIONS = "prune-executions";
    public static final String PRUNE_LOGIN_THROTTLE = "prune-login-throttle";
    public static final String PRUNE_OUTBOX = "prune-outbox";

    private final Jdbi jdbi;
    private final Clock clock;

    public BackgroundJobs(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Whether this node should run {@code job} now: true for exactly one caller per {@code period} across all nodes.
     * The job (a row of background_jobs, inserted by the migration that brought the job) must exist.
     */
    public boolean claim(String job, Duration period) {
        Instant now = clock.instant();
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE background_jobs SET last_run_at = :now WHERE name = :name AND last_run_at <= :due")
                .bind("now", now).bind("due", now.minus(period)).bind("name", job).execute()) == 1;
    }
}
