package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.hookbox.sandbox.SandboxChecks.assertStillServes;
import static io.hookbox.sandbox.SandboxChecks.awaitFullStrength;
import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attackers and ordinary hooks at the same time, from many threads, on the shared pool: every ordinary hook gets
 * its own correct result, also those that ran in a worker killed to stop an attacker. This is the proof that a
 * worker kill never fails an innocent run. The attackers send one attack at a time each, so they never hold
 * every thread of the pool: a pool saturated by attackers would answer BUSY, which is about capacity, not about
 * what a kill does to the runs beside it. Both attackers are one tenant, which the pool quarantines after its
 * first kill: the other tenants keep their workers.
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

    /** Attacks the worker stops itself, sent one after another by one attacker. */
    private static final List<String> STOPPABLE_ATTACKS = List.of(
            "function handle(d, cb) { while (true) {} }",
            "function handle(d, cb) { const keep = []; for (;;) keep.push(new Uint8Array(1 << 20)); }",
            "function handle(d, cb) { const keep = {}; for (let i = 0; ; i++) keep['k' + i] = {i, s: 'v' + i}; }",
            "function handle(d, cb) { (function f() { queueMicrotask(f); queueMicrotask(f); })(); }",
            "function handle(d, cb) { for (;;) console.log('flood', 'x'.repeat(200)); }");

    /** Attacks that survive cancellation, so the worker running them is killed, sent by a second attacker. */
    private static final List<String> WORKER_KILLING_ATTACKS = List.of(
            "function g() { try { return g(); } catch (e) { return g(); } }\ng();\nfunction handle(d, cb) { cb(null, d); }",
            "function g() { try { return g(); } catch (e) { return g(); } }\nfunction handle(d, cb) { g(); }");

    /** The attacker's tenant is quarantined after its first kill: a later attack may wait past the queue's limit. */
    private static final Set<ErrorCode> QUARANTINED_OR_STOPPED = EnumSet.of(ErrorCode.BUSY, ErrorCode.TIMEOUT, ErrorCode.CPU_LIMIT,
            ErrorCode.MEMORY_LIMIT, ErrorCode.STATEMENT_LIMIT, ErrorCode.STACK_OVERFLOW, ErrorCode.OUTPUT_LIMIT);

    private static final int CLIENTS = 8;
    private static final int MIN_RUNS_PER_CLIENT = 10;

    private record OrdinaryRun(int id, String tenant, RunResult result) {
    }

    @Test
    void everyOrdinaryHookGetsItsOwnResultWhileAttackersAreStopped() throws Exception {
        WorkerPool pool = TestRuntime.shared();
        awaitFullStrength(pool);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 2);
        try {
            Future<List<RunResult>> stoppable = threads.submit(() -> attackOneAfterAnother(pool, STOPPABLE_ATTACKS));
            Future<List<RunResult>> killing = threads.submit(() -> attackOneAfterAnother(pool, WORKER_KILLING_ATTACKS));
            AtomicInteger ids = new AtomicInteger();
            List<Future<List<OrdinaryRun>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(threads.submit(() -> runOrdinaryHooksUntil(pool, ids, () -> stoppable.isDone() && killing.isDone())));
            }

            List<OrdinaryRun> ordinary = new ArrayList<>();
            for (Future<List<OrdinaryRun>> client : clients) {
                ordinary.addAll(client.get());
            }
            assertThat(ordinary).hasSizeGreaterThanOrEqualTo(CLIENTS * MIN_RUNS_PER_CLIENT);
            List<OrdinaryRun> outOfTime = ordinary.stream().filter(ConcurrencyTest::ranOutOfTime).toList();
            assertThat(outOfTime).as("ordinary runs that ran out of time").hasSizeLessThanOrEqualTo(Math.max(3, ordinary.size() / 33));
            for (OrdinaryRun run : ordinary) {
                if (run.tenant().equals("attacker") && run.result().errorCode() == ErrorCode.BUSY) {
                    continue; // the attacker's own tenant is quarantined: its runs may have to wait, never go wrong
                }
                if (outOfTime.contains(run)) {
                    continue;
                }
                assertThat(run.result().error()).as("ordinary run %d of %s", run.id(), run.tenant()).isNull();
                assertThat(run.result().result()).isEqualTo(json("{\"id\":" + run.id() + ",\"sum\":" + (run.id() + 6)
                        + ",\"tenant\":\"" + run.tenant() + "\"}"));
                assertThat(run.result().console()).extracting(ConsoleEntry::message)
                        .containsExactly("run " + run.id() + " adds up to " + (run.id() + 6));
            }
            List<RunResult> attacks = new ArrayList<>(stoppable.get());
            attacks.addAll(killing.get());
            assertThat(attacks).allSatisfy(attack -> assertThat(attack.errorCode()).as(String.valueOf(attack.error()))
                    .isIn(QUARANTINED_OR_STOPPED));
        } finally {
            threads.shutdownNow();
        }
        assertStillServes(pool, "attacker");
    }

    /**
     * On two cores, five worker JVMs (two of them warming up after kills) and this one, a run may wait for a CPU past
     * the test policy's 3 s and end as any run does that outlasts its time, while its result was being read or
     * before: that is capacity, not a kill failing it. What never happens is a wrong result or a run lost in a kill.
     */
    private static boolean ranOutOfTime(OrdinaryRun run) {
        ErrorCode code = run.result().errorCode();
        return code == ErrorCode.TIMEOUT
                || code == ErrorCode.INVALID_RESULT && run.result().error().message().contains("did not finish within the limits");
    }

    private static List<RunResult> attackOneAfterAnother(WorkerPool pool, List<String> attacks) {
        List<RunResult> results = new ArrayList<>();
        for (String attack : attacks) {
            results.add(pool.run(new RunRequest("attacker", attack, json("{}"))));
        }
        return results;
    }

    /** Runs ordinary hooks, some of the attacker's own tenant, until the attacks are over and at least a few ran. */
    private static List<OrdinaryRun> runOrdinaryHooksUntil(WorkerPool pool, AtomicInteger ids, BooleanSupplier attacksOver) {
        List<OrdinaryRun> runs = new ArrayList<>();
        while (runs.size() < MIN_RUNS_PER_CLIENT || !attacksOver.getAsBoolean()) {
            int id = ids.getAndIncrement();
            String tenant = id % 5 == 0 ? "attacker" : "tenant-" + id % 7;
            String data = "{\"id\":" + id + ",\"tenant\":\"" + tenant + "\",\"waitMs\":" + id % 13
                    + ",\"numbers\":[" + id + ",1,2,3]}";
            // each tenant's own copy: a source quarantined after a starved run of the attacker's copy (a deadline on a
            // machine out of CPU) confines that source for every tenant, which is about capacity, not about a kill
            String source = ORDINARY + "\nconst owner = '" + tenant + "';";
            runs.add(new OrdinaryRun(id, tenant, pool.run(new RunRequest(tenant, source, json(data)))));
        }
        return runs;
    }
}
