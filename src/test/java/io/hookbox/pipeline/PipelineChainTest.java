package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookStops;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import io.hookbox.testrun.TestContexts;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline is one request to one worker: its hooks run there one after another, each checked by the type and cleared
 * of its secrets before the next one sees its result, exactly as when each hook was its own round trip. On a pool of its
 * own, so the kill below and its quarantine touch no other test.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PipelineChainTest {

    private static final String APPEND = PipelineRunnerTest.APPEND;
    /** The recursion that catches its own stack overflow: the worker cannot stop it, so hookbox kills the worker. */
    private static final String KILLER = """
            function g() { try { return g(); } catch (e) { return g(); } }
            function handle(d, cb) { g(); }""";

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final List<String> stopped = new CopyOnWriteArrayList<>();
    private static WorkerPool pool;

    @BeforeAll
    static void startPool() {
        RuntimePolicy test = TestRuntime.policy();
        RuntimePolicy.Workers workers = test.workers();
        RuntimePolicy policy = new RuntimePolicy(test.limits(), test.console(), new RuntimePolicy.Workers(workers.count(),
                workers.threads(), workers.heapMb(), workers.spares(), workers.killGraceMs(), 0, workers.quarantineMs(), 0),
                test.queue(), null, test.lanes(), null, null);
        pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties().interpretedOnly(), meters, new HookStops() {
            @Override
            public void stopped(String tenantId, String hookId, Instant at, String cause) {
                stopped.add(tenantId + "/" + hookId);
            }

            @Override
            public void cleared(String tenantId, String hookId) {
            }
        });
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void fiveHooksAreOneDispatchToOneWorkerAndGiveWhatRunningThemOneByOneGives() {
        List<PipelineHook> hooks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            hooks.add(hook("h" + i, "step " + i, APPEND.formatted("s" + i), OnError.DENY));
        }
        PipelineRunner runner = new PipelineRunner(pool, (tenant, type) -> hooks, meters);
        JsonNode data = TestContexts.generate(HookTypes.POST_LOGIN, 11);

        long before = pool.dispatches();
        PipelineResult chained = runner.run("chain-five", HookTypes.POST_LOGIN, data);
        assertThat(pool.dispatches() - before).isEqualTo(1);

        assertThat(chained.succeeded()).as(String.valueOf(chained.error())).isTrue();
        assertThat(chained.steps()).extracting(PipelineStep::hookId).containsExactly("h1", "h2", "h3", "h4", "h5");
        JsonNode current = data;
        for (int i = 0; i < hooks.size(); i++) {
            PipelineHook hook = hooks.get(i);
            RunResult alone = runner.runHook("chain-five", HookTypes.POST_LOGIN, hook.id(), hook.name(), hook.content(), current);
            RunResult inChain = chained.steps().get(i).run();
            assertThat(inChain.result()).isEqualTo(alone.result());
            assertThat(inChain.console()).extracting(entry -> entry.message()).isEqualTo(alone.console().stream().map(entry -> entry.message()).toList());
            current = alone.result();
        }
        assertThat(chained.result()).isEqualTo(current);
        assertThat(chained.outcome()).isEqualTo(HookTypes.POST_LOGIN.outcome(current));
        assertThat(meters.get("hookbox.hook.runs").tag("lane", "production").tag("type", "post-login").tag("outcome", "success")
                .timer().count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aResultTheTypeRefusesInTheMiddleStopsTheChainWithTheErrorARunAloneGets() {
        String forbidden = "function handle(data, cb) { data.context.idToken.sub = 'someone-else'; cb(null, data); }";
        List<PipelineHook> hooks = List.of(hook("h1", "first", APPEND.formatted("one"), OnError.DENY),
                hook("h2", "claims", forbidden, OnError.DENY), hook("h3", "never", APPEND.formatted("three"), OnError.DENY));
        PipelineRunner runner = new PipelineRunner(pool, (tenant, type) -> hooks, meters);
        JsonNode data = TestContexts.generate(HookTypes.POST_LOGIN, 12);

        PipelineResult result = runner.run("chain-verdict", HookTypes.POST_LOGIN, data);

        assertThat(result.errorCode()).isEqualTo(ErrorCode.FORBIDDEN_CHANGE);
        assertThat(result.error().message()).isEqualTo("the post-login hook 'claims' may not change context.idToken.sub");
        assertThat(result.steps()).extracting(PipelineStep::hookId).containsExactly("h1", "h2");
        assertThat(result.steps().getFirst().run().succeeded()).isTrue();
        RunResult alone = runner.runHook("chain-verdict", HookTypes.POST_LOGIN, "h2", "claims", forbidden,
                result.steps().getFirst().run().result());
        assertThat(result.steps().get(1).run().error()).isEqualTo(alone.error());
        assertThat(result.failedHookId()).isEqualTo("h2");
    }

    @Test
    void aFailingStepThatContinuesIsPassedOverInsideTheChain() {
        List<PipelineHook> hooks = List.of(hook("h1", "first", APPEND.formatted("one"), OnError.DENY),
                hook("h2", "broken", "function handle(d, cb) { cb(new Error('down')); }", OnError.CONTINUE),
                hook("h3", "refused", "function handle(d, cb) { d.context.idToken.sub = 'x'; cb(null, d); }", OnError.CONTINUE),
                hook("h4", "last", APPEND.formatted("four"), OnError.DENY));
        PipelineRunner runner = new PipelineRunner(pool, (tenant, type) -> hooks, meters);

        long before = pool.dispatches();
        PipelineResult result = runner.run("chain-continue", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 13));

        assertThat(pool.dispatches() - before).isEqualTo(1);
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.steps()).extracting(PipelineStep::continued).containsExactly(false, true, true, false);
        assertThat(result.steps().get(2).run().errorCode()).isEqualTo(ErrorCode.FORBIDDEN_CHANGE);
        assertThat(result.steps().get(3).run().console().getFirst().message()).isEqualTo("seen one");
        assertThat(result.result().path("user").path("app_metadata").path("trail").toString()).isEqualTo("[\"one\",\"four\"]");
    }

    @Test
    void aSecretAStepPutsInItsResultNeverReachesTheNextStep() {
        List<PipelineHook> hooks = List.of(
                hook("h1", "leaky", "function handle(d, cb) { d.user.app_metadata.copied = secrets.API_KEY; cb(null, d); }", OnError.DENY),
                hook("h2", "reader", "function handle(d, cb) { console.log('got ' + d.user.app_metadata.copied); cb(null, d); }", OnError.DENY));
        HookSource source = new HookSource() {
            @Override
            public List<PipelineHook> hooksInOrder(String tenantId, String type) {
                return hooks;
            }

            @Override
            public Map<String, String> secretsOf(String tenantId, String hookId) {
                return hookId.equals("h1") ? Map.of("API_KEY", "sk-live-very-secret") : Map.of();
            }
        };

        PipelineResult result = new PipelineRunner(pool, source, meters)
                .run("chain-secrets", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 14));

        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.steps().get(1).run().console().getFirst().message()).isEqualTo("got [secret API_KEY]");
        assertThat(result.steps().getFirst().run().result().toString()).doesNotContain("sk-live-very-secret");
        assertThat(result.result().toString()).doesNotContain("sk-live-very-secret");
    }

    @Test
    void aStepLeavesNothingInTheContextOfTheNextOne() {
        List<PipelineHook> hooks = List.of(
                hook("h1", "polluter", """
                        globalThis.leftBehind = 'mine';
                        Object.prototype.polluted = 'yes';
                        JSON.parse = () => ({forged: true});
                        function handle(d, cb) { cb(null, d); }""", OnError.DENY),
                hook("h2", "victim", """
                        function handle(d, cb) {
                          d.user.app_metadata.seen = [typeof leftBehind, String(({}).polluted), String(JSON.parse('{"a":1}').a)];
                          cb(null, d);
                        }""", OnError.DENY));

        PipelineResult result = new PipelineRunner(pool, (tenant, type) -> hooks, meters)
                .run("chain-isolation", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 17));

        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().path("user").path("app_metadata").path("seen").toString())
                .isEqualTo("[\"undefined\",\"undefined\",\"1\"]");
    }

    @Test
    void aStepThatGetsItsWorkerKilledIsBlamedAloneAndTheStepsBeforeItAreKept() {
        List<PipelineHook> hooks = List.of(hook("h1", "first", APPEND.formatted("one"), OnError.DENY),
                hook("killer", "killer", KILLER, OnError.CONTINUE), hook("h3", "after", APPEND.formatted("three"), OnError.DENY));
        PipelineRunner runner = new PipelineRunner(pool, (tenant, type) -> hooks, meters);

        long before = pool.dispatches();
        PipelineResult result = runner.run("chain-killed", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 15));

        assertThat(result.steps()).extracting(PipelineStep::hookId).containsExactly("h1", "killer", "h3");
        assertThat(result.steps().getFirst().run().succeeded()).isTrue();
        assertThat(result.steps().get(1).run().errorCode()).isIn(ErrorCode.TIMEOUT, ErrorCode.STACK_OVERFLOW, ErrorCode.CPU_LIMIT);
        assertThat(result.steps().get(1).continued()).isTrue();
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.steps().get(2).run().console().getFirst().message()).isEqualTo("seen one");
        // the rest went as a new chain, from the data the first step left
        assertThat(pool.dispatches() - before).isEqualTo(2);
        assertThat(stopped).containsExactly("chain-killed/killer");
    }

    @Test
    void aTestRunChainRunsInTheTestLaneOnly() {
        List<PipelineHook> hooks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            hooks.add(hook("t" + i, "step " + i, APPEND.formatted("t" + i), OnError.DENY));
        }
        PipelineRunner testRuns = PipelineRunner.forTestRuns(pool, (tenant, type) -> hooks, meters, HookQueries.NONE);
        long production = dispatchesIn("production");
        long test = dispatchesIn("test");

        PipelineResult result = testRuns.run("chain-test-lane", HookTypes.PRE_LOGIN, TestContexts.generate(HookTypes.PRE_LOGIN, 16));

        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.steps()).hasSize(5);
        assertThat(dispatchesIn("test") - test).isEqualTo(1);
        assertThat(dispatchesIn("production")).isEqualTo(production);
    }

    private static long dispatchesIn(String lane) {
        Timer waits = meters.find("hookbox.queue.wait").tag("lane", lane).timer();
        return waits == null ? 0 : waits.count();
    }

    private static PipelineHook hook(String id, String name, String content, OnError onError) {
        return new PipelineHook(id, name, content, onError, null);
    }
}
