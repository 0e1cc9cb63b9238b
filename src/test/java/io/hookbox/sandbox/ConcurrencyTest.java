package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hookbox.sandbox.SandboxChecks.assertStillServes;
import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attackers and ordinary hooks at the same time, from many threads, on the shared pool: every ordinary hook gets
 * its own correct result, also those that ran in a worker killed to stop an attacker. This is the proof that a
 * worker kill never fails an innocent run.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrencyTest {

    private static final String ORDINARY = """
            async function handle(data) {
              await new Promise((resolve) => setTimeout(resolve, data.waitMs));
              const sum = data.numbers.reduce((total, n) => total + n, 0);
              console.log('run %d adds up to %d', data.id, sum);
              return {id: data.id, sum, tenant: data.tenant};
            }""";

    private static final List<String> ATTACKS = List.of(
            "function handle(d, cb) { while (true) {} }",
            "function handle(d, cb) { const keep = []; for (;;) keep.push(new Uint8Array(1 << 20)); }",
            "function g() { try { return g(); } catch (e) { return g(); } }\ng();\nfunction handle(d, cb) { cb(null, d); }",
            "function handle(d, cb) { const keep = {}; for (let i = 0; ; i++) keep['k' + i] = {i, s: 'v' + i}; }",
            "function g() { try { return g(); } catch (e) { return g(); } }\nfunction handle(d, cb) { g(); }");

    private static final Set<ErrorCode> STOPPED = EnumSet.of(ErrorCode.TIMEOUT, ErrorCode.CPU_LIMIT, ErrorCode.MEMORY_LIMIT,
            ErrorCode.STATEMENT_LIMIT, ErrorCode.STACK_OVERFLOW);

    private static final int CLIENTS = 8;
    private static final int ORDINARY_RUNS = 160;

    @Test
    void everyOrdinaryHookGetsItsOwnResultWhileAttackersAreStopped() throws Exception {
        WorkerPool pool = TestRuntime.shared();
        awaitFullStrength(pool);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + ATTACKS.size());
        try {
            List<Future<RunResult>> attacks = new ArrayList<>();
            for (String attack : ATTACKS) {
                attacks.add(clients.submit(() -> pool.run(new RunRequest("attacker", attack, json("{}")))));
            }
            List<Callable<RunResult>> ordinary = new ArrayList<>();
            for (int id = 0; id < ORDINARY_RUNS; id++) {
                String tenant = id % 5 == 0 ? "attacker" : "tenant-" + id % 7;
                String data = "{\"id\":" + id + ",\"tenant\":\"" + tenant + "\",\"waitMs\":" + id % 13
                        + ",\"numbers\":[" + id + ",1,2,3]}";
                ordinary.add(() -> pool.run(new RunRequest(tenant, ORDINARY, json(data))));
            }
            List<Future<RunResult>> results = clients.invokeAll(ordinary);

            for (int id = 0; id < ORDINARY_RUNS; id++) {
                RunResult result = results.get(id).get();
                String tenant = id % 5 == 0 ? "attacker" : "tenant-" + id % 7;
                assertThat(result.error()).as("ordinary run %d", id).isNull();
                assertThat(result.result()).isEqualTo(json("{\"id\":" + id + ",\"sum\":" + (id + 6) + ",\"tenant\":\"" + tenant + "\"}"));
                assertThat(result.console()).extracting(ConsoleEntry::message).containsExactly("run " + id + " adds up to " + (id + 6));
            }
            for (Future<RunResult> attack : attacks) {
                RunResult stopped = attack.get();
                assertThat(stopped.errorCode()).as(String.valueOf(stopped.error())).isIn(STOPPED);
            }
        } finally {
            clients.shutdownNow();
        }
        assertStillServes(pool, "attacker");
    }

    /** Waits until earlier tests' killed workers have been replaced, so this test starts with the whole pool. */
    private static void awaitFullStrength(WorkerPool pool) throws InterruptedException {
        RuntimePolicy.Workers wanted = pool.policy().workers();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < giveUp) {
            RuntimeStatus status = pool.status();
            if (status.workersReady() == wanted.count() && status.sparesReady() == wanted.spares()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the pool did not get back to full strength: " + pool.status());
    }
}
