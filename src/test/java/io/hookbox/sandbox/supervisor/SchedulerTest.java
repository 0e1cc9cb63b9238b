package io.hookbox.sandbox.supervisor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.Scheduler.Decision;
import io.hookbox.sandbox.supervisor.Scheduler.KillReason;
import io.hookbox.sandbox.supervisor.Scheduler.RunSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's decisions, event by event on a clock the test moves: no worker process, no thread, no sleep. Lanes:
 * production 2 workers x 2 threads and 1 spare, test 1 x 2, confined 1 x 1; timeout 1000 ms + 500 ms grace; queue of 8
 * waiting at most 2000 ms; quarantine 10 s; a tenant may hold half of a lane. Probation is off but in the tests of it.
 */
class SchedulerTest {

    private static final String KILLER = "function handle(d, cb) { while (true) {} }";
    private static final RuntimePolicy POLICY = new RuntimePolicy(
            new RuntimePolicy.Limits(1_000, 1_000, 64L << 20, 1_000_000, 20_000, 65_536, 65_536, 10),
            null,
            new RuntimePolicy.Workers(2, 2, 256, 1, 500, 0, 10_000, 0),
            new RuntimePolicy.Queue(8, 2_000),
            null,
            new RuntimePolicy.Lanes(new RuntimePolicy.LaneSize(1, 2, 0), new RuntimePolicy.LaneSize(1, 1, 0), 0.5, 30_000, 2, 0), null, null);
    private static final RuntimePolicy WITH_PROBATION = new RuntimePolicy(POLICY.limits(), null, POLICY.workers(),
            POLICY.queue(), null, new RuntimePolicy.Lanes(POLICY.lanes().test(), POLICY.lanes().confined(), 0.5, 30_000, 2, 20_000),
            null, null);

    private long now = 1_000_000_000L;
    private int nextWorker = 1;
    private int launchesCarriedOut;
    private Scheduler scheduler;
    /** Every decision taken so far, in order. */
    private final List<Decision> log = new ArrayList<>();

    @BeforeEach
    void startAllLanes() {
        startAllLanes(POLICY);
    }

    private void startAllLanes(RuntimePolicy policy) {
        log.clear();
        launchesCarriedOut = 0;
        scheduler = new Scheduler(policy, () -> now);
        scheduler.start();
        startLaunchedWorkers();
        assertThat(scheduler.status(Lane.PRODUCTION)).extracting("active", "spares").containsExactly(2, 1);
        assertThat(scheduler.status(Lane.TEST)).extracting("active", "spares").containsExactly(1, 0);
        assertThat(scheduler.status(Lane.CONFINED)).extracting("active", "spares").containsExactly(1, 0);
        log.clear();
        launchesCarriedOut = 0;
    }

    // ---- lanes ----

    @Test
    void testRunsAndRealFlowsRunOnDifferentWorkers() {
        long real = submit(Lane.PRODUCTION, "acme", "ok()");
        long test = submit(Lane.TEST, "acme", "ok()");

        assertThat(dispatchOf(real).lane()).isEqualTo(Lane.PRODUCTION);
        assertThat(dispatchOf(test).lane()).isEqualTo(Lane.TEST);
        assertThat(dispatchOf(real).workerId()).isNotEqualTo(dispatchOf(test).workerId());
    }

    @Test
    void aKillInTheTestLaneTakesNothingFromProduction() {
        long attack = submit(Lane.TEST, "attacker", KILLER);
        passMillis(1_500);
        scheduler.tick();

        assertThat(decisionsOf(Decision.Kill.class)).singleElement()
                .satisfies(kill -> assertThat(kill.lane()).isEqualTo(Lane.TEST));
        assertThat(completionOf(attack).errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(decisionsOf(Decision.Launch.class)).allMatch(launch -> launch.lane() == Lane.TEST);
        assertThat(scheduler.status(Lane.PRODUCTION)).extracting("active", "spares").containsExactly(2, 1);
        long signIn = submit(Lane.PRODUCTION, "attacker", "ok()");
        assertThat(dispatchOf(signIn).lane()).as("a test-lane quarantine does not confine real flows")
                .isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void aQuarantinedTenantFloodingTheConfinedLaneLeavesTheOtherLanesEmpty() {
        quarantineByTimeout(Lane.PRODUCTION, "attacker", KILLER, null);
        for (int i = 0; i < 20; i++) {
            submit(Lane.PRODUCTION, "attacker", "other" + i + "()");
        }
        assertThat(scheduler.status(Lane.PRODUCTION).queued()).isZero();
        assertThat(scheduler.status(Lane.CONFINED).running()).isEqualTo(1);
        assertThat(scheduler.status(Lane.CONFINED).queued()).isEqualTo(POLICY.tenantMaxQueued());
        assertThat(decisionsOf(Decision.Complete.class)).filteredOn(complete -> complete.result().errorCode() == ErrorCode.BUSY)
                .hasSize(20 - 1 - POLICY.tenantMaxQueued());
    }

    // ---- kills and retries ----

    @Test
    void aRunPastItsDeadlineGetsItsWorkerKilledAndTheOtherRunsStartAgain() {
        long killer = submit(Lane.PRODUCTION, "attacker", KILLER);
        int worker = dispatchOf(killer).workerId();
        passMillis(500);
        long neighbour = submitUntilOn(worker, "bystander");
        passMillis(999);
        scheduler.tick();
        assertThat(decisionsOf(Decision.Kill.class)).isEmpty();

        passMillis(1);
        scheduler.tick();

        assertThat(decisionsOf(Decision.Kill.class)).singleElement().isEqualTo(
                new Decision.Kill(worker, Lane.PRODUCTION, KillReason.DEADLINE, "attacker", null));
        assertThat(completionOf(killer).error().message()).contains("timeout of 1000 ms", "restarting the worker");
        assertThat(completions(neighbour)).isEmpty();
        assertThat(dispatchesOf(neighbour)).hasSize(2).last().satisfies(again -> assertThat(again.workerId()).isNotEqualTo(worker));
    }

    @Test
    void runsThatMissTheirDeadlinesTogetherOnASilentWorkerAreNotBlamedButTriedAgainAlone() {
        long first = submit(Lane.PRODUCTION, "starved", "ok()");
        int worker = dispatchOf(first).workerId();
        long second = submitUntilOn(worker, "bomber");
        finishRunsElsewhere(worker);
        passMillis(1_500);
        scheduler.tick();

        assertThat(decisionsOf(Decision.Kill.class)).singleElement().isEqualTo(
                new Decision.Kill(worker, Lane.PRODUCTION, KillReason.DEADLINE, null, null));
        assertThat(decisionsOf(Decision.Quarantine.class)).isEmpty();
        assertThat(completions(first)).isEmpty();
        assertThat(completions(second)).isEmpty();
        assertThat(dispatchesOf(first)).hasSize(2);
        assertThat(scheduler.isConfined(new RunSpec(Lane.PRODUCTION, "starved", null, SourceKey.of("ok()")))).isFalse();
    }

    @Test
    void ofRunsThatMissTheirDeadlinesTogetherTheOneTheWorkerReportedIsTheCause() {
        long bystander = submit(Lane.PRODUCTION, "bystander", "ok()");
        int worker = dispatchOf(bystander).workerId();
        long killer = submitUntilOn(worker, "attacker");
        finishRunsElsewhere(worker);
        scheduler.cancelling(killer, ErrorCode.TIMEOUT);
        passMillis(1_500);
        scheduler.tick();

        assertThat(decisionsOf(Decision.Kill.class)).singleElement()
                .satisfies(kill -> assertThat(kill.tenantId()).startsWith("attacker"));
        assertThat(completionOf(killer).errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(completions(bystander)).isEmpty();
    }

    @Test
    void anUnattributedFailureIsTriedAgainAloneAndAnswersFromThere() {
        long run = submit(Lane.PRODUCTION, "acme", "ok()");
        int first = dispatchOf(run).workerId();
        scheduler.finished(run, RunResult.failure(ErrorCode.INTERNAL, "heap"), true, false);

        Decision.Dispatch alone = dispatchesOf(run).getLast();
        assertThat(alone.workerId()).as("the spare, idle").isNotEqualTo(first);
        scheduler.finished(run, success(), false, false);

        assertThat(completionOf(run).succeeded()).isTrue();
        assertThat(decisionsOf(Decision.Quarantine.class)).isEmpty();
    }

    @Test
    void aRunWhoseAloneRetryBreaksAWorkerAgainQuarantinesItsTenantAndItsSource() {
        long run = submit(Lane.TEST, "typo", "brokenTimer()");
        scheduler.finished(run, RunResult.failure(ErrorCode.INTERNAL, "broken"), true, true);
        startLaunchedWorkers();
        scheduler.finished(run, RunResult.failure(ErrorCode.INTERNAL, "broken"), true, true);

        assertThat(completionOf(run).errorCode()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(decisionsOf(Decision.Quarantine.class)).singleElement()
                .isEqualTo(new Decision.Quarantine(Lane.TEST, "typo", SourceKey.of("brokenTimer()"), null, KillReason.BROKEN));
        assertThat(laneOfFinishedRun(Lane.TEST, "typo", "fixed()")).isEqualTo(Lane.CONFINED);
        assertThat(laneOfFinishedRun(Lane.TEST, "someone-else", "brokenTimer ( )")).isEqualTo(Lane.CONFINED);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "typo", "fixed()")).isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void aRunAloneOnAWorkerThatCrashesIsTheCause() {
        long run = submit(Lane.PRODUCTION, "bomb", "allocate()");
        scheduler.workerExited(dispatchOf(run).workerId(), true);
        Decision.Dispatch alone = dispatchesOf(run).getLast();
        scheduler.workerExited(alone.workerId(), true);

        assertThat(completionOf(run).errorCode()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        assertThat(decisionsOf(Decision.Kill.class)).extracting(Decision.Kill::reason, Decision.Kill::tenantId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(KillReason.CRASHED, null),
                        org.assertj.core.groups.Tuple.tuple(KillReason.CRASHED, "bomb"));
        assertThat(decisionsOf(Decision.Quarantine.class)).hasSize(1);
    }

    // ---- quarantine by source and by hook ----

    @Test
    void aRunOnAOneThreadWorkerThatCrashesIsTheCauseWithoutARetry() {
        long confined = submit(Lane.CONFINED, "bomber", "bomb()");
        int worker = dispatchOf(confined).workerId();

        scheduler.workerExited(worker, true);

        assertThat(dispatchesOf(confined)).as("not tried again on the spare").hasSize(1);
        assertThat(completionOf(confined).errorCode()).isEqualTo(ErrorCode.MEMORY_LIMIT);
        assertThat(decisionsOf(Decision.Kill.class)).singleElement().extracting(Decision.Kill::tenantId).isEqualTo("bomber");
        assertThat(decisionsOf(Decision.Quarantine.class)).singleElement().extracting(Decision.Quarantine::sourceKey)
                .isEqualTo(SourceKey.of("bomb()"));
    }

    @Test
    void aKillerSourceIsConfinedForEveryTenantWhateverItsWhitespaceAndComments() {
        quarantineByTimeout(Lane.TEST, "first", KILLER, null);

        String pasted = "// borrowed\nfunction handle(d,cb){\n  while(true){} /* spin */ }";
        for (int tenant = 0; tenant < 5; tenant++) {
            assertThat(laneOfFinishedRun(Lane.PRODUCTION, "tenant-" + tenant, pasted)).isEqualTo(Lane.CONFINED);
        }
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "tenant-9", "function handle(d, cb) { cb(null, d); }"))
                .isEqualTo(Lane.PRODUCTION);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "tenant-9", "function handle(d, cb) { while (false) {} }"))
                .isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void quarantinesEndWithTheirTime() {
        quarantineByTimeout(Lane.PRODUCTION, "attacker", KILLER, null);
        startLaunchedWorkers();
        passMillis(9_999);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "attacker", "a()")).isEqualTo(Lane.CONFINED);

        passMillis(1);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "attacker", "b()")).isEqualTo(Lane.PRODUCTION);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "other", KILLER)).isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void aStoredHookThatKillsInProductionStaysConfinedUntilItRunsCleanly() {
        quarantineByTimeout(Lane.PRODUCTION, "acme", KILLER, "hook-1");
        assertThat(decisionsOf(Decision.Quarantine.class)).singleElement()
                .satisfies(quarantine -> assertThat(quarantine.hookId()).isEqualTo("hook-1"));
        passMillis(60_000);

        long confined = submit(new RunSpec(Lane.PRODUCTION, "acme", "hook-1", SourceKey.of("fixed()")));
        assertThat(dispatchOf(confined).lane()).as("the tenant's and the source's quarantines are over; the hook's is not")
                .isEqualTo(Lane.CONFINED);
        scheduler.finished(confined, success(), false, false);

        assertThat(decisionsOf(Decision.HookCleared.class)).containsExactly(new Decision.HookCleared("acme", "hook-1"));
        long next = submit(new RunSpec(Lane.PRODUCTION, "acme", "hook-1", SourceKey.of("fixed()")));
        assertThat(dispatchOf(next).lane()).isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void aTestRunNeverMarksTheStoredHook() {
        quarantineByTimeout(Lane.TEST, "acme", KILLER, "hook-1");
        assertThat(decisionsOf(Decision.Quarantine.class)).singleElement()
                .satisfies(quarantine -> assertThat(quarantine.hookId()).isNull());
    }

    // ---- fair queues ----

    @Test
    void aTenantHoldsAtMostItsShareOfTheRunningSlotsAndTheQueue() {
        List<Long> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flood.add(submit(Lane.PRODUCTION, "greedy", "slow" + i + "()"));
        }
        assertThat(scheduler.status(Lane.PRODUCTION).running()).as("half of 2 x 2").isEqualTo(2);
        assertThat(scheduler.status(Lane.PRODUCTION).queued()).as("half of 8").isEqualTo(4);
        assertThat(flood).filteredOn(run -> !completions(run).isEmpty())
                .allSatisfy(run -> assertThat(completionOf(run).error().message()).contains("its share of the queue"))
                .hasSize(4);

        prove("ok()");
        long innocent = submit(Lane.PRODUCTION, "innocent", "ok()");
        assertThat(dispatchesOf(innocent)).as("a free slot the greedy tenant may not take").hasSize(1);
    }

    @Test
    void waitingTenantsAreServedInTurn() {
        List<Long> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(submit(Lane.PRODUCTION, "t" + i, "busy()"));
        }
        List<Long> greedy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            greedy.add(submit(Lane.PRODUCTION, "greedy", "g" + i + "()"));
        }
        long polite = submit(Lane.PRODUCTION, "polite", "p()");

        scheduler.finished(running.get(0), success(), false, false);
        scheduler.finished(running.get(1), success(), false, false);

        assertThat(dispatchesOf(greedy.get(0))).hasSize(1);
        assertThat(dispatchesOf(polite)).as("served before the greedy tenant's second run").hasSize(1);
        assertThat(dispatchesOf(greedy.get(1))).isEmpty();
    }

    @Test
    void aRunThatWaitsTooLongIsAnsweredBusy() {
        for (int i = 0; i < 2; i++) {
            submit(Lane.TEST, "a", "busy()");
            submit(Lane.TEST, "b", "busy()");
        }
        long waiting = submit(Lane.TEST, "c", "ok()");
        passMillis(1_999);
        scheduler.tick();
        assertThat(completions(waiting)).isEmpty();

        passMillis(1);
        scheduler.tick();
        assertThat(completionOf(waiting).error().message()).contains("test lane", "2000 ms");
    }

    // ---- capacity ----

    @Test
    void sparesStartOnlyOnceEveryLaneServes() {
        Scheduler fresh = new Scheduler(POLICY, () -> now);
        fresh.start();
        List<Decision> first = fresh.drain();
        assertThat(first).as("two production workers, one test, one confined").hasSize(4)
                .allSatisfy(decision -> assertThat(decision).isInstanceOf(Decision.Launch.class));
        List<Lane> lanes = first.stream().map(decision -> ((Decision.Launch) decision).lane()).toList();
        for (int i = 0; i < 3; i++) {
            fresh.workerReady(i + 1, lanes.get(i), false);
        }
        assertThat(fresh.drain()).noneMatch(Decision.Launch.class::isInstance);
        fresh.workerReady(4, lanes.get(3), false);
        assertThat(fresh.drain()).singleElement().isEqualTo(new Decision.Launch(Lane.PRODUCTION, false));
    }

    @Test
    void aMissingWorkerIsReplacedColdAndTheSpareTakesItsPlace() {
        long killer = submit(Lane.PRODUCTION, "attacker", KILLER);
        scheduler.unstoppable(killer, ErrorCode.STACK_OVERFLOW);

        assertThat(scheduler.status(Lane.PRODUCTION)).extracting("active", "spares").containsExactly(2, 0);
        assertThat(decisionsOf(Decision.Launch.class)).extracting(Decision.Launch::cold)
                .as("the spare, and one more spare for the kill in the window").containsExactly(false, false);

        killEveryProductionWorker();
        assertThat(decisionsOf(Decision.Launch.class)).as("the spares' long warm-ups do not fill the missing places")
                .filteredOn(Decision.Launch::cold).hasSize(2);
    }

    @Test
    void killsInTheWindowKeepMoreSparesAndTheExtrasRetireAfterIt() {
        for (int kill = 0; kill < 3; kill++) {
            long killer = submit(Lane.PRODUCTION, "attacker-" + kill, KILLER + kill);
            scheduler.unstoppable(killer, ErrorCode.CPU_LIMIT);
            startLaunchedWorkers();
        }
        assertThat(scheduler.status(Lane.PRODUCTION)).as("1 spare plus at most 2 for the burst")
                .extracting("active", "spares").containsExactly(2, 3);

        passMillis(30_001);
        scheduler.tick();
        assertThat(scheduler.status(Lane.PRODUCTION).spares()).isEqualTo(1);
        assertThat(decisionsOf(Decision.Retire.class)).hasSize(2);
    }

    @Test
    void aLaneWithNoWorkerAndFailingLaunchesCannotServe() {
        killEveryProductionWorker();
        assertThat(scheduler.status(Lane.PRODUCTION).canServe()).as("replacements are starting").isTrue();

        scheduler.launchFailed(Lane.PRODUCTION);
        assertThat(scheduler.status(Lane.PRODUCTION).canServe()).isFalse();
        assertThat(scheduler.status(Lane.TEST).canServe()).isTrue();
    }

    @Test
    void closingAnswersEveryRunAndRetiresEveryWorker() {
        long running = submit(Lane.PRODUCTION, "a", "x()");
        scheduler.close();

        assertThat(completionOf(running).error().message()).contains("shutting down");
        assertThat(decisionsOf(Decision.Retire.class)).hasSize(5);
    }

    // ---- chains ----

    @Test
    void aChainHoldsOneThreadOfOneWorkerAndEachStepHasItsOwnDeadline() {
        long first = submitChain(Lane.PRODUCTION, "acme", "a()", "b()", "c()");
        Decision.Dispatch dispatch = dispatchOf(first);
        assertThat(scheduler.status(Lane.PRODUCTION).running()).isEqualTo(1);

        passMillis(1_000);
        scheduler.finished(first, success(), false, false, true);
        passMillis(1_000);
        scheduler.tick();
        scheduler.finished(first + 1, success(), false, false, true);
        passMillis(1_000);
        scheduler.tick();

        assertThat(decisionsOf(Decision.Kill.class)).as("three seconds in all, each step within its limit").isEmpty();
        assertThat(decisionsOf(Decision.Dispatch.class)).as("the later steps are not sent again").containsExactly(dispatch);
        assertThat(scheduler.startedOn(first + 2, dispatch.workerId())).isNotEqualTo(Scheduler.NOT_RUNNING);
        scheduler.finished(first + 2, success(), false, false, false);
        assertThat(decisionsOf(Decision.Complete.class)).extracting(Decision.Complete::runId, Decision.Complete::chainEnds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, false), org.assertj.core.groups.Tuple.tuple(first + 1, false),
                        org.assertj.core.groups.Tuple.tuple(first + 2, true));
        assertThat(scheduler.status(Lane.PRODUCTION).running()).isZero();
    }

    @Test
    void aStepPastItsDeadlineIsBlamedAloneAndEndsTheChain() {
        long first = submitChain(List.of(new RunSpec(Lane.PRODUCTION, "acme", "hook-a", SourceKey.of("a()")),
                        new RunSpec(Lane.PRODUCTION, "acme", "hook-b", SourceKey.of(KILLER)),
                        new RunSpec(Lane.PRODUCTION, "acme", "hook-c", SourceKey.of("c()"))));
        scheduler.finished(first, success(), false, false, true);
        passMillis(1_500);
        scheduler.tick();

        assertThat(decisionsOf(Decision.Kill.class)).singleElement().extracting(Decision.Kill::hookId).isEqualTo("hook-b");
        assertThat(decisionsOf(Decision.Quarantine.class)).singleElement().satisfies(quarantine -> {
            assertThat(quarantine.hookId()).isEqualTo("hook-b");
            assertThat(quarantine.sourceKey()).isEqualTo(SourceKey.of(KILLER));
        });
        assertThat(completionOf(first).succeeded()).isTrue();
        assertThat(completionOf(first + 1).errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(completions(first + 2)).as("the rest is the caller's to run again").isEmpty();
    }

    @Test
    void aChainLostInACrashStartsAgainAloneFromItsStep() {
        long first = submitChain(Lane.PRODUCTION, "acme", "a()", "b()");
        int worker = dispatchOf(first).workerId();
        scheduler.finished(first, success(), false, false, true);
        scheduler.workerExited(worker, false);

        assertThat(dispatchesOf(first + 1)).as("step two, alone, on another worker").singleElement()
                .extracting(Decision.Dispatch::workerId).isNotEqualTo(worker);
        assertThat(completions(first + 1)).isEmpty();
    }

    @Test
    void aChainWithAConfinedStepRunsInTheConfinedLane() {
        quarantineByTimeout(Lane.PRODUCTION, "attacker", KILLER, null);
        long first = submitChain(Lane.PRODUCTION, "acme", "a()", KILLER);
        assertThat(dispatchOf(first).lane()).isEqualTo(Lane.CONFINED);
    }

    // ---- helpers ----

    private long submitChain(Lane lane, String tenant, String... sources) {
        List<RunSpec> steps = new ArrayList<>();
        for (String source : sources) {
            steps.add(new RunSpec(lane, tenant, null, SourceKey.of(source)));
        }
        return submitChain(steps);
    }

    private long submitChain(List<RunSpec> steps) {
        long id = scheduler.submitChain(steps);
        drainToLog();
        return id;
    }

    // ---- probation ----

    @Test
    void sourcesNotYetProvenHoldAtMostHalfOfALaneSoProvenOnesAlwaysFindASlot() {
        prove("signIn()");
        long first = submit(Lane.PRODUCTION, "stranger-1", "new1()");
        long second = submit(Lane.PRODUCTION, "stranger-2", "new2()");
        long third = submit(Lane.PRODUCTION, "stranger-3", "new3()");
        assertThat(dispatchesOf(first)).hasSize(1);
        assertThat(dispatchesOf(second)).hasSize(1);
        assertThat(dispatchesOf(third)).as("half of 2 x 2 slots are taken by unproven sources").isEmpty();

        long known = submit(Lane.PRODUCTION, "innocent", "signIn()");
        assertThat(dispatchesOf(known)).hasSize(1);

        scheduler.finished(first, success(), false, false);
        drainToLog();
        assertThat(dispatchesOf(third)).as("a slot for unproven sources came free").hasSize(1);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "stranger-1", "new1()")).as("proven now: no limit")
                .isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void aWaitingRunWhoseSourceGoesOnProbationMovesToTheConfinedLane() {
        startAllLanes(WITH_PROBATION);
        long slow = submit(Lane.TEST, "stranger-1", "slow()");
        long waiting = submit(Lane.TEST, "stranger-2", "new()");
        assertThat(dispatchesOf(waiting)).as("the test lane's one unproven slot is taken").isEmpty();

        quarantineByTimeout(Lane.PRODUCTION, "attacker", KILLER, null);
        scheduler.finished(slow, success(), false, false);
        drainToLog();

        assertThat(dispatchOf(waiting).lane()).isEqualTo(Lane.CONFINED);
    }


    @Test
    void afterAKillNewSourcesRunConfinedWhileProvenOnesKeepTheirLanes() {
        startAllLanes(WITH_PROBATION);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "innocent", "signIn()")).isEqualTo(Lane.PRODUCTION);
        assertThat(laneOfFinishedRun(Lane.TEST, "innocent", "edited()")).isEqualTo(Lane.TEST);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "newcomer", "fresh()")).as("no kill yet: no probation")
                .isEqualTo(Lane.PRODUCTION);
        assertThat(scheduler.onProbation()).isFalse();

        quarantineByTimeout(Lane.TEST, "attacker-1", KILLER, null);
        assertThat(scheduler.onProbation()).isTrue();

        assertThat(laneOfFinishedRun(Lane.TEST, "attacker-2", "while (1) { /* a variant */ 2 }")).isEqualTo(Lane.CONFINED);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "attacker-3", "for (;;) {}")).isEqualTo(Lane.CONFINED);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "innocent", "signIn()")).isEqualTo(Lane.PRODUCTION);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "innocent", "edited()")).as("proven by a test run")
                .isEqualTo(Lane.PRODUCTION);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "newcomer", "fresh()")).isEqualTo(Lane.PRODUCTION);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "attacker-3", "for (;;) {}")).as("it ran cleanly in confinement")
                .isEqualTo(Lane.PRODUCTION);

        passMillis(20_000);
        assertThat(scheduler.onProbation()).isFalse();
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "newcomer", "second()")).as("the probation is over")
                .isEqualTo(Lane.PRODUCTION);
    }

    @Test
    void aLoadOnlyRunOrOneThatBrokeALimitProvesNothing() {
        startAllLanes(WITH_PROBATION);
        long loaded = submit(new RunSpec(Lane.TEST, "mallory", "hook-1", SourceKey.of("sneaky()"), true));
        scheduler.finished(loaded, success(), false, false);
        long limited = submit(Lane.TEST, "mallory", "heavy()");
        scheduler.finished(limited, RunResult.failure(ErrorCode.CPU_LIMIT, "over"), false, false);
        long failed = submit(Lane.TEST, "alice", "throws()");
        scheduler.finished(failed, RunResult.failure(ErrorCode.HOOK_ERROR, "no such user"), false, false);
        drainToLog();

        quarantineByTimeout(Lane.TEST, "attacker", KILLER, null);

        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "mallory", "sneaky()")).isEqualTo(Lane.CONFINED);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "mallory", "heavy()")).isEqualTo(Lane.CONFINED);
        assertThat(laneOfFinishedRun(Lane.PRODUCTION, "alice", "throws()")).as("a hook's own error is clean")
                .isEqualTo(Lane.PRODUCTION);
    }

    private void quarantineByTimeout(Lane lane, String tenant, String source, String hookId) {
        long run = submit(new RunSpec(lane, tenant, hookId, SourceKey.of(source)));
        passMillis(1_500);
        scheduler.tick();
        assertThat(completionOf(run).errorCode()).isEqualTo(ErrorCode.TIMEOUT);
    }

    /**
     * The production workers are 1 and 2 (the launches ask for production first), then one for each other lane, and the
     * production spare, 5, once every lane serves.
     */
    private void killEveryProductionWorker() {
        for (int worker : new int[]{1, 2, 5}) {
            scheduler.workerExited(worker, false);
        }
        drainToLog();
        assertThat(scheduler.status(Lane.PRODUCTION)).extracting("active", "spares").containsExactly(0, 0);
    }

    /** Submits a run, finishes it, and answers the lane it ran in. */
    private Lane laneOfFinishedRun(Lane lane, String tenant, String source) {
        long run = submit(lane, tenant, source);
        Decision.Dispatch dispatch = dispatchOf(run);
        scheduler.finished(run, success(), false, false);
        drainToLog();
        return dispatch.lane();
    }

    /** Finishes, successfully, every run dispatched to another worker than {@code worker} and not answered yet. */
    private void finishRunsElsewhere(int worker) {
        for (Decision.Dispatch dispatch : decisionsOf(Decision.Dispatch.class)) {
            if (dispatch.workerId() != worker && completions(dispatch.runId()).isEmpty()) {
                scheduler.finished(dispatch.runId(), success(), false, false);
            }
        }
        drainToLog();
    }

    /** Submits runs of {@code tenant} until one lands on {@code worker}; answers that one. */
    private long submitUntilOn(int worker, String tenant) {
        prove("n()");
        for (int i = 0; i < 20; i++) {
            long run = submit(Lane.PRODUCTION, tenant + i, "n()");
            if (dispatchesOf(run).stream().anyMatch(dispatch -> dispatch.workerId() == worker)) {
                return run;
            }
        }
        throw new AssertionError("no run landed on worker " + worker);
    }

    /** Lets {@code source} end cleanly once in the test lane, so it is no longer held to the lanes' unproven slots. */
    private void prove(String source) {
        long run = submit(Lane.TEST, "prover", source);
        scheduler.finished(run, success(), false, false);
        drainToLog();
    }

    private long submit(Lane lane, String tenant, String source) {
        return submit(new RunSpec(lane, tenant, null, SourceKey.of(source)));
    }

    private long submit(RunSpec spec) {
        long id = scheduler.submit(spec);
        drainToLog();
        return id;
    }

    private void startLaunchedWorkers() {
        drainToLog();
        List<Decision.Launch> launches = decisionsOf(Decision.Launch.class);
        while (launchesCarriedOut < launches.size()) {
            Decision.Launch launch = launches.get(launchesCarriedOut++);
            scheduler.workerReady(nextWorker++, launch.lane(), launch.cold());
            drainToLog();
            launches = decisionsOf(Decision.Launch.class);
        }
    }

    private void drainToLog() {
        log.addAll(scheduler.drain());
    }

    private void passMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private <T extends Decision> List<T> decisionsOf(Class<T> kind) {
        drainToLog();
        return log.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private List<Decision.Dispatch> dispatchesOf(long run) {
        return decisionsOf(Decision.Dispatch.class).stream().filter(dispatch -> dispatch.runId() == run).toList();
    }

    private Decision.Dispatch dispatchOf(long run) {
        List<Decision.Dispatch> dispatches = dispatchesOf(run);
        assertThat(dispatches).as("dispatches of run %d", run).hasSize(1);
        return dispatches.getFirst();
    }

    private List<RunResult> completions(long run) {
        return decisionsOf(Decision.Complete.class).stream().filter(complete -> complete.runId() == run)
                .map(Decision.Complete::result).toList();
    }

    private RunResult completionOf(long run) {
        List<RunResult> results = completions(run);
        assertThat(results).as("answers to run %d", run).hasSize(1);
        return results.getFirst();
    }

    private static RunResult success() {
        return RunResult.success(JsonNodeFactory.instance.objectNode(), List.of(), 1);
    }
}
