package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.concurrent.atomic.AtomicBoolean;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many hostile tenants at once, end to end on real worker JVMs (the decisions themselves are tested one by one in
 * {@code SchedulerTest}): five fresh tenants in a row, each with a killer of its own, three through test runs and two
 * as stored hooks in real flows, while an innocent tenant keeps running hooks in both lanes. Every innocent run
 * succeeds. The first kill puts every new source on probation, so the other attackers, and a sixth tenant pasting a
 * known killer, kill only confined workers, whose single thread may keep attackers waiting until
 * they are answered {@code BUSY}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class HostileTenantsTest {

    private static final String ORDINARY = "function handle(data, cb) { cb(null, {n: data.n}); }";
    private static final Set<ErrorCode> STOPPED_OR_BUSY = EnumSet.of(ErrorCode.TIMEOUT, ErrorCode.STACK_OVERFLOW,
            ErrorCode.CPU_LIMIT, ErrorCode.STATEMENT_LIMIT, ErrorCode.MEMORY_LIMIT, ErrorCode.INTERNAL, ErrorCode.BUSY);

    /** The recursion that catches its own stack overflow: the worker cannot stop it, so it is killed. */
    private static String killer(int variant) {
        return "function g" + variant + "() { try { return g" + variant + "(); } catch (e) { return g" + variant + "(); } }\n"
                + "function handle(d, cb) { g" + variant + "(); }";
    }

    @Test
    void fiveAttackersInARowLeaveTheInnocentTenantsRunsAllSuccessful() throws Exception {
        SimpleMeterRegistry meters = attackFiveTimes();
        assertThat(kills(meters, Lane.PRODUCTION)).as("the real-flow attackers came after the first kill: on probation")
                .isZero();
        assertThat(kills(meters, Lane.TEST)).as("the first attacker's").isEqualTo(1);
        assertThat(kills(meters, Lane.CONFINED)).as("the other attackers'").isPositive();
    }

    /**
     * Five attackers and a pasted killer while the innocent tenant runs in both lanes, with probation on (the test policy
     * has it off); answers the pool's meters.
     */
    private static SimpleMeterRegistry attackFiveTimes() throws Exception {
        RuntimePolicy test = TestRuntime.policy();
        RuntimePolicy.Lanes lanes = test.lanes();
        // a timeout, quarantines and waits long enough that a loaded machine does not make the innocent tenant late
        RuntimePolicy.Limits limits = test.limits();
        RuntimePolicy policy = new RuntimePolicy(new RuntimePolicy.Limits(10_000, limits.cpuTimeMs(), limits.maxAllocatedBytes(),
                limits.maxStatements(), limits.maxSourceBytes(), limits.maxInputBytes(), limits.maxResultBytes(),
                limits.maxPendingTimers()), test.console(),
                new RuntimePolicy.Workers(2, 2, 256, 1, test.workers().killGraceMs(), 0, 300_000, 0),
                new RuntimePolicy.Queue(64, 30_000), null, new RuntimePolicy.Lanes(lanes.test(), lanes.confined(),
                lanes.tenantShare(), lanes.burstWindowMs(), lanes.maxBurstSpares(), 600_000), null, null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (WorkerPool pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties().interpretedOnly(), meters, HookStops.NONE);
             ExecutorService clients = Executors.newFixedThreadPool(4)) {
            AtomicBoolean attacking = new AtomicBoolean(true);
            List<CompletableFuture<List<RunResult>>> innocent = new ArrayList<>();
            for (Lane lane : List.of(Lane.PRODUCTION, Lane.TEST)) {
                innocent.add(CompletableFuture.supplyAsync(() -> runWhile(pool, lane, attacking), clients));
            }

            List<RunResult> attacks = new ArrayList<>();
            for (int attacker = 1; attacker <= 5; attacker++) {
                boolean realFlow = attacker % 2 == 0;
                attacks.add(pool.run(new RunRequest("attacker-" + attacker, killer(attacker), json("{}"), null,
                        realFlow ? Lane.PRODUCTION : Lane.TEST, realFlow ? "hook-" + attacker : null)));
            }
            RunResult pasted = pool.run(new RunRequest("attacker-6", "/* mine now */ " + killer(2).replace("\n", "\n\n"),
                    json("{}"), null, Lane.PRODUCTION, null));
            attacking.set(false);

            for (CompletableFuture<List<RunResult>> runs : innocent) {
                assertThat(runs.get()).isNotEmpty().allSatisfy(result -> assertThat(result.error()).isNull());
            }
            assertThat(attacks).allSatisfy(result -> assertThat(result.errorCode()).as(String.valueOf(result.error()))
                    .isIn(STOPPED_OR_BUSY));
            assertThat(pasted.errorCode()).isIn(STOPPED_OR_BUSY);
        }
        return meters;
    }

    private static List<RunResult> runWhile(WorkerPool pool, Lane lane, AtomicBoolean attacking) {
        List<RunResult> results = new ArrayList<>();
        for (int n = 0; attacking.get() || n < 3; n++) {
            RunResult result = pool.run(new RunRequest("innocent", ORDINARY, json("{\"n\":" + n + "}"), null, lane, null));
            results.add(result);
            pause();
            assertThat(result.result()).as("%s run %d: %s", lane, n, result.error()).isEqualTo(json("{\"n\":" + n + "}"));
        }
        return results;
    }

    /** The innocent tenant's traffic is steady, not a loop that keeps both cores busy. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double kills(SimpleMeterRegistry meters, Lane lane) {
        return meters.find("hookbox.worker.kills").tag("lane", lane.id()).counters().stream().mapToDouble(Counter::count).sum();
    }
}
