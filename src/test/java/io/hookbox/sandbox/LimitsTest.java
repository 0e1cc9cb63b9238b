package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.hookbox.sandbox.ErrorCode.BUSY;
import static io.hookbox.sandbox.ErrorCode.CPU_LIMIT;
import static io.hookbox.sandbox.ErrorCode.INTERNAL;
import static io.hookbox.sandbox.ErrorCode.INVALID_RESULT;
import static io.hookbox.sandbox.ErrorCode.MEMORY_LIMIT;
import static io.hookbox.sandbox.ErrorCode.OUTPUT_LIMIT;
import static io.hookbox.sandbox.ErrorCode.SOURCE_TOO_LARGE;
import static io.hookbox.sandbox.ErrorCode.STACK_OVERFLOW;
import static io.hookbox.sandbox.ErrorCode.STATEMENT_LIMIT;
import static io.hookbox.sandbox.ErrorCode.TIMEOUT;
import static io.hookbox.sandbox.SandboxChecks.assertLeaksNothingOfTheHost;
import static io.hookbox.sandbox.SandboxChecks.assertStillServes;
import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit of the policy ends a run with its own code and a message that names the limit, and the runtime
 * serves the next hook normally. The hook contract's own errors are in {@link HookContractTest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LimitsTest {

    private static final String TENANT = "limits-tenant";

    static Stream<Arguments> limitsOfTheTestPolicy() {
        RuntimePolicy policy = TestRuntime.policy();
        String timeout = "within the timeout of " + policy.limits().timeoutMs() + " ms";
        return Stream.of(
                Arguments.of("a timer due long after the timeout",
                        "function handle(d, cb) { setTimeout(() => cb(null, d), 60000); }", TIMEOUT, timeout),
                Arguments.of("a callback never called while a timer keeps re-arming",
                        "function handle(d, cb) { (function again() { setTimeout(again, 20); })(); }", TIMEOUT, timeout),
                Arguments.of("an allocation bomb",
                        "function handle(d, cb) { const keep = []; for (;;) keep.push(new Uint8Array(1 << 20)); }",
                        MEMORY_LIMIT, "more than " + (policy.limits().maxAllocatedBytes() >> 20) + " MiB of memory"));
    }

    @ParameterizedTest(name = "{0} ends with {2}")
    @MethodSource("limitsOfTheTestPolicy")
    void eachLimitEndsTheRunWithItsOwnCode(String name, String source, ErrorCode code, String messagePart) {
        assertEndsWith(TestRuntime.shared(), source, code, messagePart);
    }

    static Stream<Arguments> resultsThatAreNotJsonData() {
        return Stream.of(
                Arguments.of("a cycle through an array",
                        "function handle(d, cb) { const user = {tags: []}; user.tags.push({owner: user}); cb(null, {user}); }",
                        "result.user.tags[0].owner refers back to result.user"),
                Arguments.of("a function behind a quoted key",
                        "function handle(d, cb) { cb(null, {claims: {'https://example.com/roles': () => ['admin']}}); }",
                        "result.claims[\"https://example.com/roles\"] is a function"),
                Arguments.of("a result over the size limit in UTF-8 bytes though not in characters",
                        "function handle(d, cb) { cb(null, {s: '日'.repeat(30000)}); }",
                        "larger than " + TestRuntime.policy().limits().maxResultBytes() + " bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resultsThatAreNotJsonData")
    void aResultThatIsNotJsonDataIsInvalidWithItsPath(String name, String source, String messagePart) {
        RunResult result = run(source, "{}");

        assertThat(result.errorCode()).as(String.valueOf(result.error())).isEqualTo(INVALID_RESULT);
        assertThat(result.error().message()).contains(messagePart);
        assertStillServes(TestRuntime.shared(), TENANT);
    }

    @Test
    void endlessConsoleOutputEndsTheRunAndKeepsTheBoundedConsole() {
        RuntimePolicy policy = TestRuntime.policy();

        RunResult result = run("function handle(d, cb) { for (let i = 0; ; i++) console.log(i + ' ' + 'x'.repeat(1000)); }", "{}");

        assertThat(result.errorCode()).isEqualTo(OUTPUT_LIMIT);
        assertThat(result.error().message()).contains("more than " + policy.console().floodBytes() + " bytes to the console");
        assertThat(result.console()).hasSizeLessThanOrEqualTo(policy.console().maxEntries() + 1);
        assertThat(result.console().getFirst().message()).startsWith("0 xxx");
        assertThat(result.console().getLast().message()).contains("truncated");
        assertStillServes(TestRuntime.shared(), TENANT);
    }

    @Test
    void sizesAreCountedInUtf8BytesAndAreAllowedUpToTheLimit() {
        RuntimePolicy.Limits limits = TestRuntime.policy().limits();
        String hook = "function handle(d, cb) { cb(null, {length: (d.s || '').length}); }\n//";

        String sourceAtTheLimit = hook + "x".repeat(limits.maxSourceBytes() - hook.length());
        assertThat(run(sourceAtTheLimit, "{}").succeeded()).isTrue();
        RunResult multiByteSource = run(hook + "日".repeat(limits.maxSourceBytes() / 3), "{}");
        assertThat(multiByteSource.errorCode()).isEqualTo(SOURCE_TOO_LARGE);
        assertThat(multiByteSource.error().message()).contains("at most " + limits.maxSourceBytes());

        String envelope = "{\"s\":\"\"}";
        String dataAtTheLimit = "{\"s\":\"" + "y".repeat(limits.maxInputBytes() - envelope.length()) + "\"}";
        RunResult atTheLimit = run(hook, dataAtTheLimit);
        assertThat(atTheLimit.result()).isEqualTo(json("{\"length\":" + (limits.maxInputBytes() - envelope.length()) + "}"));
        RunResult multiByteData = run(hook, "{\"s\":\"" + "é".repeat(limits.maxInputBytes() / 2) + "\"}");
        assertThat(multiByteData.errorCode()).isEqualTo(ErrorCode.INPUT_TOO_LARGE);
    }

    private static RunResult run(String source, String data) {
        return TestRuntime.shared().run(new RunRequest(SandboxChecks.freshTenant(TENANT), source, json(data)));
    }

    private static void assertEndsWith(HookRuntime runtime, String source, ErrorCode code, String messagePart) {
        RunResult result = runtime.run(new RunRequest(TENANT, source, json("{}")));

        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(result.errorCode()).as(String.valueOf(result.error())).isEqualTo(code);
        assertThat(result.error().message()).contains(messagePart);
        assertLeaksNothingOfTheHost(result);
        assertStillServes(runtime, TENANT);
    }

    /**
     * Limits that need a pool of their own. Which of CPU time, statements or wall-clock time a runaway hook reaches
     * first depends on the share of a core its thread gets, which is small on a loaded machine; with the wall clock
     * far away, each of those limits is reached for sure. The queue fills only on a pool with one thread and room
     * for one waiting run. Its one worker runs hooks interpreted, which changes no limit and spares the machine the
     * compiler's start-up.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OnAPoolWithADistantClockAndAShortQueue {

        private static final String SLOW_HOOK = "function handle(d, cb) { setTimeout(() => cb(null, {slow: true}), 3000); }";
        private static final String QUICK_HOOK = "function handle(d, cb) { cb(null, {quick: true}); }";

        private WorkerPool pool;

        @BeforeAll
        void startPool() {
            RuntimePolicy test = TestRuntime.policy();
            RuntimePolicy.Limits limits = test.limits();
            RuntimePolicy policy = new RuntimePolicy(
                    new RuntimePolicy.Limits(30_000, 500, 256L << 20, limits.maxStatements(),
                            limits.maxSourceBytes(), limits.maxInputBytes(), limits.maxResultBytes(), limits.maxPendingTimers()),
                    test.console(),
                    new RuntimePolicy.Workers(1, 1, 256, 0, test.workers().killGraceMs(), 0, 0, 0),
                    new RuntimePolicy.Queue(1, 1_000));
            pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties().interpretedOnly());
            TestRuntime.awaitWarm(pool);
        }

        @AfterAll
        void stopPool() {
            pool.close();
        }

        Stream<Arguments> computeLimits() {
            RuntimePolicy.Limits limits = pool.policy().limits();
            String statements = "more than " + limits.maxStatements() + " statements";
            return Stream.of(
                    Arguments.of("an endless loop", "function handle(d, cb) { for (;;) {} }", STATEMENT_LIMIT, statements),
                    Arguments.of("an endless loop in finally",
                            "function handle(d, cb) { try { throw new Error('x'); } finally { for (;;) {} } }",
                            STATEMENT_LIMIT, statements),
                    Arguments.of("backtracking without statements",
                            "function handle(d, cb) { cb(null, {matched: /^(a+)+\\1b$/.test('a'.repeat(40))}); }",
                            CPU_LIMIT, "more than " + limits.cpuTimeMs() + " ms of CPU time"),
                    Arguments.of("unbounded recursion",
                            "function down(n) { return down(n + 1) + 1; }\nfunction handle(d, cb) { down(0); }",
                            STACK_OVERFLOW, "Maximum call stack size exceeded"),
                    Arguments.of("a result getter that never returns",
                            "function handle(d, cb) { cb(null, {user: {id: 1, get name() { for (;;) {} }}}); }",
                            INVALID_RESULT, "reading result.user.name did not finish: the hook executed " + statements),
                    Arguments.of("a result getter that returns a new object forever",
                            "function handle(d, cb) { const next = () => ({get deeper() { return next(); }}); cb(null, next()); }",
                            INVALID_RESULT, "result.deeper.deeper.deeper"),
                    Arguments.of("a result proxy whose ownKeys trap never returns",
                            "function handle(d, cb) { cb(null, {a: 1, b: new Proxy({}, {ownKeys() { for (;;) {} }})}); }",
                            INVALID_RESULT, "reading the result did not finish"));
        }

        @ParameterizedTest(name = "{0} ends with {2}")
        @MethodSource("computeLimits")
        @Order(1)
        void eachComputeLimitEndsTheRunWithItsOwnCode(String name, String source, ErrorCode code, String messagePart) {
            assertEndsWith(pool, source, code, messagePart);
        }

        @Test
        @Order(2)
        void whenTheOnlyThreadIsBusyOneRunWaitsAndTheNextIsRefusedAtOnce() throws Exception {
            CompletableFuture<RunResult> slow = pool.submit(new RunRequest(TENANT, SLOW_HOOK, json("{}")), false);
            CompletableFuture<RunResult> waiting = pool.submit(new RunRequest(TENANT, QUICK_HOOK, json("{}")), false);
            assertThat(pool.status().running()).isEqualTo(1);
            assertThat(pool.status().queued()).isEqualTo(1);

            RunResult refused = pool.run(new RunRequest(TENANT, QUICK_HOOK, json("{}")));
            assertThat(refused.errorCode()).isEqualTo(BUSY);
            assertThat(refused.error().message()).contains("busy").contains("already waiting");

            RunResult waitedTooLong = waiting.get();
            assertThat(waitedTooLong.errorCode()).isEqualTo(BUSY);
            assertThat(waitedTooLong.error().message()).contains("no hook thread became free within 1000 ms");

            assertThat(slow.get().result()).isEqualTo(json("{\"slow\":true}"));
            assertStillServes(pool, TENANT);
        }

        @Test
        @Order(3)
        void runsCutShortByAShutdownEndWithInternal() throws Exception {
            CompletableFuture<RunResult> running = pool.submit(new RunRequest(TENANT, SLOW_HOOK, json("{}")), false);

            pool.close();

            RunResult cutShort = running.get();
            assertThat(cutShort.errorCode()).isEqualTo(INTERNAL);
            assertThat(cutShort.error().message()).contains("shutting down");
            RunResult afterwards = pool.run(new RunRequest(TENANT, QUICK_HOOK, json("{}")));
            assertThat(afterwards.errorCode()).isEqualTo(INTERNAL);
        }
    }
}
