package io.hookbox.sandbox;

import io.hookbox.egress.EgressService;
import io.hookbox.egress.HostRules;
import io.hookbox.egress.Resolver;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pool takes runs as soon as its workers' engines are up: the warm-up goes on beside the first runs, which are
 * slower, never refused; the pool says when it is warm, and only then calls itself ready.
 */
class WarmupWhileServingTest {

    private static final String TRIVIAL = "function handle(data, cb) { cb(null, {seen: data.n}); }";

    @Test
    void a_pool_whose_workers_are_still_warming_up_already_runs_hooks_and_is_not_ready_until_warm() throws Exception {
        try (WorkerPool pool = WorkerPool.start(policy(1_000_000), WorkerLauncher.fromSystemProperties().interpretedOnly())) {
            RunResult run = pool.run(new RunRequest("tenant", TRIVIAL, json("{\"n\": 1}")));

            assertThat(run.error()).isNull();
            assertThat(run.result()).isEqualTo(json("{\"seen\": 1}"));
            RuntimeStatus status = pool.status();
            assertThat(status.warm()).isFalse();
            assertThat(status.ready()).isFalse();
            assertThat(status.workersReady()).isEqualTo(1);
            assertThat(pool.awaitWarm(Duration.ofMillis(50))).isFalse();
        }
    }

    @Test
    void a_pool_is_ready_once_the_workers_it_started_with_have_warmed_up() throws Exception {
        try (WorkerPool pool = WorkerPool.start(policy(10), WorkerLauncher.fromSystemProperties().interpretedOnly())) {
            assertThat(pool.awaitWarm(Duration.ofMinutes(1))).isTrue();

            RuntimeStatus status = pool.status();
            assertThat(status.warm()).isTrue();
            assertThat(status.ready()).isTrue();
            assertThat(pool.run(new RunRequest("tenant", TRIVIAL, json("{\"n\": 2}"))).result()).isEqualTo(json("{\"seen\": 2}"));
        }
    }

    @Test
    void a_pool_without_a_warm_up_is_warm_as_soon_as_it_serves() {
        try (WorkerPool pool = WorkerPool.start(policy(0), WorkerLauncher.fromSystemProperties().interpretedOnly())) {
            assertThat(pool.status().warm()).isTrue();
            assertThat(pool.status().ready()).isTrue();
        }
    }

    @Test
    void a_run_sent_before_any_worker_has_started_waits_for_the_first_one() {
        RuntimePolicy policy = policy(10);
        try (WorkerPool pool = WorkerPool.startInBackground(policy, WorkerLauncher.fromSystemProperties().interpretedOnly(),
                new SimpleMeterRegistry(), HookStops.NONE, noEgress(policy))) {
            RunResult run = pool.run(new RunRequest("tenant", TRIVIAL, json("{\"n\": 3}")));

            assertThat(run.error()).isNull();
            assertThat(run.result()).isEqualTo(json("{\"seen\": 3}"));
            pool.awaitServing();
        }
    }

    @Test
    void a_pool_whose_workers_cannot_start_says_why() {
        RuntimePolicy policy = policy(10);
        WorkerLauncher broken = new WorkerLauncher(Path.of("/nonexistent/bin/java"), Path.of("/nonexistent"), null, "");
        WorkerPool pool = WorkerPool.startInBackground(policy, broken, new SimpleMeterRegistry(), HookStops.NONE, noEgress(policy));

        assertThatThrownBy(pool::awaitServing).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("hookbox could not start its worker processes: ")
                .hasMessageContaining("GraalJS modules not found at /nonexistent");
    }

    private static EgressService noEgress(RuntimePolicy policy) {
        return new EgressService(policy.egress(), Resolver.SYSTEM, EgressService.USER_AGENT, tenant -> HostRules.NONE);
    }

    /** One small production worker warming up for {@code warmupRuns} runs, and the test lane's worker. */
    private static RuntimePolicy policy(int warmupRuns) {
        RuntimePolicy test = TestRuntime.policy();
        RuntimePolicy.Workers workers = test.workers();
        return new RuntimePolicy(test.limits(), test.console(),
                new RuntimePolicy.Workers(1, 2, workers.heapMb(), 0, workers.killGraceMs(), warmupRuns, workers.quarantineMs(), 600_000),
                test.queue(), null, test.lanes(), null, null);
    }
}
