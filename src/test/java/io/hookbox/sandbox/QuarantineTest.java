package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.hookbox.sandbox.SandboxChecks.awaitFullStrength;
import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant whose hooks get workers killed is confined, so it cannot take the pool down for everyone: on a pool of
 * two workers without spares, an unstoppable hook sent again and again kills one worker, then has to wait until
 * the pool is whole again, while the other tenants keep the surviving worker. Without the quarantine its second
 * hook would kill the surviving worker too and every other tenant would wait.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class QuarantineTest {

    private static final String UNSTOPPABLE = "function g() { try { return g(); } catch (e) { return g(); } }\n"
            + "function handle(d, cb) { g(); }";
    private static final String ORDINARY = "function handle(data, cb) { cb(null, {n: data.n, tenant: data.tenant}); }";
    private static final Set<ErrorCode> STOPPED = EnumSet.of(ErrorCode.TIMEOUT, ErrorCode.STACK_OVERFLOW, ErrorCode.CPU_LIMIT,
            ErrorCode.STATEMENT_LIMIT, ErrorCode.MEMORY_LIMIT);

    @Test
    void aTenantThatKillsAWorkerCannotKillTheWorkersOthersAreUsing() throws Exception {
        RuntimePolicy test = TestRuntime.policy();
        RuntimePolicy policy = new RuntimePolicy(test.limits(), test.console(),
                new RuntimePolicy.Workers(2, 2, 256, 0, test.workers().killGraceMs(), 0, 120_000, 0),
                new RuntimePolicy.Queue(64, 2_000));
        try (WorkerPool pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties().interpretedOnly());
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            awaitFullStrength(pool);

            RunResult first = pool.run(new RunRequest("attacker", UNSTOPPABLE, json("{}")));
            assertThat(first.errorCode()).isIn(STOPPED);

            List<CompletableFuture<RunResult>> attacks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                attacks.add(CompletableFuture.supplyAsync(() -> pool.run(new RunRequest("attacker", UNSTOPPABLE, json("{}"))), clients));
            }
            List<CompletableFuture<RunResult>> ordinary = new ArrayList<>();
            for (int n = 0; n < 24; n++) {
                String data = "{\"n\":" + n + ",\"tenant\":\"tenant-" + n % 4 + "\"}";
                String tenant = "tenant-" + n % 4;
                ordinary.add(CompletableFuture.supplyAsync(() -> pool.run(new RunRequest(tenant, ORDINARY, json(data))), clients));
            }

            for (int n = 0; n < ordinary.size(); n++) {
                RunResult result = ordinary.get(n).get();
                assertThat(result.error()).as("ordinary run %d", n).isNull();
                assertThat(result.result()).isEqualTo(json("{\"n\":" + n + ",\"tenant\":\"tenant-" + n % 4 + "\"}"));
            }
            for (CompletableFuture<RunResult> attack : attacks) {
                ErrorCode code = attack.get().errorCode();
                assertThat(code).isNotNull();
                assertThat(code == ErrorCode.BUSY || STOPPED.contains(code)).as(String.valueOf(code)).isTrue();
            }
            assertThat(pool.status().workersReady()).isPositive();
        }
    }
}
