package io.hookbox.auth;

import io.hookbox.store.Database;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.support.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's budgets on each database; two throttles on one database are two nodes sharing them. */
@BothDatabases
class LoginThrottleTest {

    private static final LoginThrottle.Policy POLICY =
            new LoginThrottle.Policy(3, 8, 10, 2, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

    private final Backend backend;
    private final ManualClock clock = new ManualClock();
    private String jdbcUrl;
    private Database database;
    private DatabaseLoginThrottle throttle;

    LoginThrottleTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open(@TempDir Path dataDir) {
        jdbcUrl = backend.jdbcUrl(dataDir);
        database = Database.open(jdbcUrl);
        throttle = new DatabaseLoginThrottle(database.jdbi(), POLICY, clock);
    }

    @AfterEach
    void close() {
        if (database != null) { // null when the PostgreSQL half is skipped
            database.close();
        }
    }

    @Test
    void an_attempt_within_the_budget_that_read_the_clock_just_before_another_committed_is_not_made_to_wait() {
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
        clock.now = clock.now.minusMillis(3); // another node's clock, or a thread that read it before the first committed
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
    }

    @Test
    void an_account_may_fail_a_few_times_from_one_address_then_waits_longer_after_each_attempt_up_to_the_cap() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.now = clock.now.plusSeconds(1);
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 8; i++) {
            clock.now = clock.now.plusSeconds(30);
            throttle.admitSignIn("acme", "ann", "10.0.0.1");
        }
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).contains(Duration.ofSeconds(30));
    }

    @Test
    void a_stranger_failing_from_another_address_does_not_lock_the_owner_out_below_the_account_ceiling() {
        for (int i = 0; i < 5; i++) {
            throttle.admitSignIn("acme", "ann", "10.6.6.6");
        }
        assertThat(throttle.admitSignIn("acme", "ann", "10.6.6.6")).isPresent();
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
        throttle.succeeded("acme", "ann", "10.0.0.1");

        for (int i = 0; i < 8; i++) {
            throttle.admitSignIn("acme", "ann", "10.7.0." + i);
        }
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.2")).as("the looser per-account ceiling").isPresent();
    }

    @Test
    void the_wait_is_per_tenant_and_account_and_a_success_clears_it() {
        for (int i = 0; i < 3; i++) {
            throttle.admitSignIn("acme", "ann", "10.0.0.1");
        }
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isPresent();
        assertThat(throttle.admitSignIn("acme", "bob", "10.0.0.1")).isEmpty();
        assertThat(throttle.admitSignIn("globex", "ann", "10.0.0.1")).isEmpty();

        clock.now = clock.now.plusSeconds(5);
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
        throttle.succeeded("acme", "ann", "10.0.0.1");
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
    }

    @Test
    void many_accounts_guessed_from_one_address_slow_that_address_down() {
        for (int i = 0; i < 10; i++) {
            throttle.admitSignIn("acme", "user" + i, "10.6.6.6");
        }
        assertThat(throttle.admitSignIn("acme", "someone-new", "10.6.6.6")).isPresent();
        assertThat(throttle.admitSignIn("acme", "someone-new", "10.0.0.1")).isEmpty();
    }

    @Test
    void simultaneous_attempts_are_counted_atomically() throws Exception {
        int admitted;
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var attempts = java.util.stream.IntStream.range(0, 12)
                    .mapToObj(i -> threads.submit(() -> throttle.admitSignIn("acme", "ann", "10.0.0.1").isEmpty())).toList();
            admitted = 0;
            for (var attempt : attempts) {
                admitted += attempt.get() ? 1 : 0;
            }
        }
        assertThat(admitted).as("the three attempts that need not wait").isEqualTo(3);
    }

    @Test
    void forgotten_counts_are_pruned_and_no_login_or_address_is_stored_in_clear() {
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.admitSignIn("acme", "user-" + i + "@example.com", "10.0.0." + i)).isEmpty();
        }
        List<String> keys = database.jdbi().withHandle(handle -> handle.createQuery("SELECT throttle_key FROM login_throttle")
                .mapTo(String.class).list());
        assertThat(keys).as("a pair, an account and an address per attempt")
                .hasSize(60).allSatisfy(key -> assertThat(key).matches("[0-9a-f]{40}"));
        assertThat(throttle.prune()).as("nothing is forgotten yet").isZero();

        clock.now = clock.now.plus(Duration.ofMinutes(14));
        throttle.admitSignIn("acme", "user-0@example.com", "10.0.0.0");
        clock.now = clock.now.plus(Duration.ofMinutes(2));

        assertThat(throttle.prune()).as("all but the three counts touched two minutes ago").isEqualTo(57);
        assertThat(throttle.admitSignIn("acme", "user-0@example.com", "10.0.0.0")).as("the third of three").isEmpty();
        assertThat(throttle.admitSignIn("acme", "user-0@example.com", "10.0.0.0")).isPresent();
    }

    @Test
    void two_nodes_on_one_database_count_against_the_same_budgets() {
        // H2's file is opened by one process only: there the two nodes share the one pool
        Database sameDatabase = backend == Backend.POSTGRESQL ? Database.open(jdbcUrl) : database;
        try {
            DatabaseLoginThrottle otherNode = new DatabaseLoginThrottle(sameDatabase.jdbi(), POLICY, clock);
            assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
            assertThat(otherNode.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
            assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
            assertThat(otherNode.admitSignIn("acme", "ann", "10.0.0.1")).contains(Duration.ofSeconds(1));
            otherNode.succeeded("acme", "ann", "10.0.0.1");
            assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).as("a success on one node forgives on the other").isEmpty();
        } finally {
            if (sameDatabase != database) {
                sameDatabase.close();
            }
        }
    }

    @Test
    void sign_ups_from_one_address_are_limited() {
        assertThat(throttle.admitSignUp("acme", "10.0.0.1")).isEmpty();
        assertThat(throttle.admitSignUp("acme", "10.0.0.1")).isEmpty();
        assertThat(throttle.admitSignUp("acme", "10.0.0.1")).isPresent();
        assertThat(throttle.admitSignUp("acme", "10.0.0.2")).isEmpty();
    }

    @Test
    void failures_are_forgotten_after_a_quiet_period() {
        for (int i = 0; i < 3; i++) {
            throttle.admitSignIn("acme", "ann", "10.0.0.1");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(throttle.admitSignIn("acme", "ann", "10.0.0.1")).isEmpty();
    }
}
