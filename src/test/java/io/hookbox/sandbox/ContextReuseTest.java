package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code contexts.reuse} on, a context serves the next invocation of the same hook after a clean run. What a
 * hook may keep between its own invocations (its top-level variables) is kept; nothing reaches another hook, another
 * tenant or a test run, built-ins cannot be changed, and a context that saw an error, a limit or a pending timer is
 * never used again. A pool of one worker with one thread, so every run of a hook can only land on the context the
 * previous one left.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ContextReuseTest {

    private static final String COUNTER = "let runs = 0;\n"
            + "function handle(data, cb) { runs++; cb(null, {runs}); }";
    private static final AtomicInteger hooks = new AtomicInteger();

    private static WorkerPool pool;

    @BeforeAll
    static void startPool() {
        RuntimePolicy test = TestRuntime.policy();
        RuntimePolicy policy = new RuntimePolicy(
                new RuntimePolicy.Limits(test.limits().timeoutMs(), test.limits().cpuTimeMs(), test.limits().maxAllocatedBytes(),
                        20_000, test.limits().maxSourceBytes(), test.limits().maxInputBytes(),
                        test.limits().maxResultBytes(), test.limits().maxPendingTimers()),
                test.console(),
                new RuntimePolicy.Workers(1, 1, 256, 0, test.workers().killGraceMs(), 0, 0, 0),
                test.queue(),
                new RuntimePolicy.Contexts(true, 8));
        pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties().interpretedOnly());
        TestRuntime.awaitWarm(pool);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    void aHookKeepsItsOwnTopLevelStateBetweenItsInvocations() {
        String hook = newHookKey();
        assertThat(runs("tenant-a", hook, COUNTER)).isEqualTo(1);
        assertThat(runs("tenant-a", hook, COUNTER)).isEqualTo(2);
        assertThat(runs("tenant-a", hook, COUNTER)).isEqualTo(3);
    }

    @Test
    void nothingCrossesToAnotherTenantAnotherHookOrAnotherVersion() {
        String hook = newHookKey();
        runs("tenant-a", hook, COUNTER);
        runs("tenant-a", hook, COUNTER);
        assertThat(runs("tenant-b", hook, COUNTER)).as("another tenant, same hook key and source").isEqualTo(1);
        assertThat(runs("tenant-a", newHookKey(), COUNTER)).as("another hook of the same tenant, same source").isEqualTo(1);
        assertThat(runs("tenant-a", hook, COUNTER + "\n// edited")).as("the hook's next version").isEqualTo(1);
        assertThat(runs("tenant-a", null, COUNTER)).as("a run that asks for no reuse").isEqualTo(1);
        assertThat(runs("tenant-a", null, COUNTER)).isEqualTo(1);
    }

    @Test
    void prototypePollutionThroughDataDoesNotReachTheNextInvocation() {
        String hook = newHookKey();
        String naiveMerge = "function merge(target, source) {\n"
                + "  for (const key in source) {\n"
                + "    if (typeof source[key] === 'object' && source[key] !== null) {\n"
                + "      if (!target[key]) target[key] = {};\n"
                + "      merge(target[key], source[key]);\n"
                + "    } else target[key] = source[key];\n"
                + "  }\n"
                + "  return target;\n"
                + "}\n"
                + "function handle(data, cb) {\n"
                + "  const settings = merge({}, JSON.parse(data.metadata));\n"
                + "  cb(null, {isAdmin: ({}).isAdmin === true});\n"
                + "}";
        RunResult attack = run("tenant-a", hook, naiveMerge, "{\"metadata\":\"{\\\"__proto__\\\":{\\\"isAdmin\\\":true}}\"}");
        assertThat(attack.error()).isNull();
        assertThat(attack.result().get("isAdmin").asBoolean()).isFalse();
        RunResult nextUser = run("tenant-a", hook, naiveMerge, "{\"metadata\":\"{}\"}");
        assertThat(nextUser.result().get("isAdmin").asBoolean()).as("the next user's sign-in").isFalse();
    }

    @Test
    void builtInsAreFrozenSoNoInvocationChangesWhatTheNextOneSees() {
        String hook = newHookKey();
        String tamper = "function handle(data, cb) {\n"
                + "  const attempts = {\n"
                + "    objectPrototype: () => { Object.prototype.injected = 1; },\n"
                + "    arrayPush: () => { Array.prototype.push = function () { return 0; }; },\n"
                + "    jsonParse: () => { JSON.parse = function () { return {}; }; },\n"
                + "    mathRandom: () => { Math.random = function () { return 0; }; },\n"
                + "    stringPrototype: () => { String.prototype.trim = function () { return 'x'; }; },\n"
                + "    promiseThen: () => { Promise.prototype.then = function () {}; },\n"
                + "    errorName: () => { Error.prototype.name = 'Tampered'; },\n"
                + "    iteratorNext: () => { Object.getPrototypeOf([][Symbol.iterator]()).next = function () { return {done: true}; }; },\n"
                + "    dateNow: () => { Date.now = function () { return 0; }; },\n"
                + "    consoleLog: () => { console.log = function () {}; },\n"
                + "    defineOnPrototype: () => { Object.defineProperty(Object.prototype, 'injected', {value: 1}); },\n"
                + "  };\n"
                + "  const changed = [];\n"
                + "  for (const name of Object.keys(attempts)) {\n"
                + "    try { attempts[name](); } catch (e) { continue; }\n"
                + "  }\n"
                + "  if (({}).injected !== undefined) changed[changed.length] = 'objectPrototype';\n"
                + "  const list = []; list.push(1); if (list.length !== 1) changed[changed.length] = 'arrayPush';\n"
                + "  if (JSON.parse('{\"a\":1}').a !== 1) changed[changed.length] = 'jsonParse';\n"
                + "  if (' a '.trim() !== 'a') changed[changed.length] = 'stringPrototype';\n"
                + "  if (new Error('m').name !== 'Error') changed[changed.length] = 'errorName';\n"
                + "  if ([...[1, 2]].length !== 2) changed[changed.length] = 'iteratorNext';\n"
                + "  if (Date.now() === 0) changed[changed.length] = 'dateNow';\n"
                + "  if (Math.random() === 0 && Math.random() === 0) changed[changed.length] = 'mathRandom';\n"
                + "  cb(null, {changed});\n"
                + "}";
        for (int i = 0; i < 2; i++) {
            RunResult result = run("tenant-a", hook, tamper, "{}");
            assertThat(result.error()).isNull();
            assertThat(result.result().get("changed")).as("run %d", i + 1).isEmpty();
        }
    }

    @Test
    void ordinaryCodeThatAssignsInheritedNamesStillWorks() {
        String hook = newHookKey();
        String source = "class ValidationError extends Error {\n"
                + "  constructor(message) { super(message); this.name = 'ValidationError'; }\n"
                + "}\n"
                + "function handle(data, cb) {\n"
                + "  'use strict';\n"
                + "  const e = new Error(); e.message = 'set later';\n"
                + "  const point = {x: 1}; point.toString = function () { return 'P' + this.x; };\n"
                + "  function Legacy() {} Legacy.prototype.constructor = Legacy; Legacy.prototype.valueOf = () => 7;\n"
                + "  const err = new ValidationError('bad email');\n"
                + "  cb(null, {name: err.name, message: e.message, point: String(point), legacy: +new Legacy(),\n"
                + "    plain: String({}), errorName: new TypeError('t').name});\n"
                + "}";
        for (int i = 0; i < 2; i++) {
            RunResult result = run("tenant-a", hook, source, "{}");
            assertThat(result.error()).isNull();
            assertThat(result.result()).isEqualTo(json("{\"name\":\"ValidationError\",\"message\":\"set later\","
                    + "\"point\":\"P1\",\"legacy\":7,\"plain\":\"[object Object]\",\"errorName\":\"TypeError\"}"));
        }
    }

    @Test
    void aContextThatSawAnErrorIsNeverUsedAgain() {
        String hook = newHookKey();
        String source = "let runs = 0;\n"
                + "function handle(data, cb) { runs++; if (data.fail) throw new Error('failing on purpose'); cb(null, {runs}); }";
        assertThat(run("tenant-a", hook, source, "{}").result().get("runs").asInt()).isEqualTo(1);
        assertThat(run("tenant-a", hook, source, "{}").result().get("runs").asInt()).isEqualTo(2);
        assertThat(run("tenant-a", hook, source, "{\"fail\":true}").errorCode()).isEqualTo(ErrorCode.HOOK_ERROR);
        assertThat(run("tenant-a", hook, source, "{}").result().get("runs").asInt()).isEqualTo(1);
    }

    @Test
    void aContextThatHitALimitIsNeverUsedAgain() {
        String hook = newHookKey();
        String source = "let runs = 0;\n"
                + "function handle(data, cb) { runs++; if (data.spin) { while (true) {} } cb(null, {runs}); }";
        run("tenant-a", hook, source, "{}");
        assertThat(run("tenant-a", hook, source, "{\"spin\":true}").errorCode()).isEqualTo(ErrorCode.STATEMENT_LIMIT);
        assertThat(run("tenant-a", hook, source, "{}").result().get("runs").asInt()).isEqualTo(1);
    }

    @Test
    void aContextWithATimerStillPendingIsNeverUsedAgain() {
        String hook = newHookKey();
        String source = "let runs = 0;\n"
                + "function handle(data, cb) { runs++; setTimeout(() => { throw new Error('late'); }, 60000); cb(null, {runs}); }";
        assertThat(run("tenant-a", hook, source, "{}").result().get("runs").asInt()).isEqualTo(1);
        assertThat(run("tenant-a", hook, source, "{}").result().get("runs").asInt()).isEqualTo(1);
    }

    @Test
    void theStatementLimitCountsEachInvocationOnItsOwn() {
        String hook = newHookKey();
        String source = "function handle(data, cb) { let sum = 0; for (let i = 0; i < 6000; i++) { sum += i; } cb(null, {sum}); }";
        for (int i = 0; i < 5; i++) {
            RunResult result = run("tenant-a", hook, source, "{}");
            assertThat(result.error()).as("run %d of a hook using a third of the statement limit", i + 1).isNull();
        }
    }

    @Test
    void aCallbackKeptFromAnEarlierInvocationSettlesNothing() {
        String hook = newHookKey();
        String source = "let earlier = null;\n"
                + "function handle(data, cb) {\n"
                + "  if (earlier) earlier(null, {from: 'the earlier invocation'});\n"
                + "  earlier = cb;\n"
                + "  cb(null, {from: 'this invocation', n: data.n});\n"
                + "}";
        run("tenant-a", hook, source, "{\"n\":1}");
        RunResult second = run("tenant-a", hook, source, "{\"n\":2}");
        assertThat(second.result()).isEqualTo(json("{\"from\":\"this invocation\",\"n\":2}"));
        assertThat(second.console()).isEmpty();
    }

    @Test
    void eachInvocationSeesOnlyItsOwnConsoleAndData() {
        String hook = newHookKey();
        String source = "function handle(data, cb) { console.log('user', data.user); cb(null, {user: data.user}); }";
        run("tenant-a", hook, source, "{\"user\":\"alice\"}");
        RunResult bob = run("tenant-a", hook, source, "{\"user\":\"bob\"}");
        assertThat(bob.result()).isEqualTo(json("{\"user\":\"bob\"}"));
        assertThat(bob.console()).singleElement().satisfies(entry -> assertThat(entry.message()).isEqualTo("user bob"));
    }

    @Test
    void aKeptContextSeesEachInvocationsOwnSecrets() {
        String hook = newHookKey();
        String source = "let runs = 0;\n"
                + "function handle(data, cb) { runs++; cb(null, {runs, token: secrets.TOKEN || null}); }";
        assertThat(withSecrets(hook, source, Map.of("TOKEN", "first")).result())
                .isEqualTo(json("{\"runs\":1,\"token\":\"first\"}"));
        assertThat(withSecrets(hook, source, Map.of("TOKEN", "second")).result()).as("the same context, the next invocation")
                .isEqualTo(json("{\"runs\":2,\"token\":\"second\"}"));
        assertThat(withSecrets(hook, source, Map.of()).result()).isEqualTo(json("{\"runs\":3,\"token\":null}"));
    }

    private static RunResult withSecrets(String hookKey, String source, Map<String, String> secrets) {
        RunResult result = pool.run(new RunRequest("tenant-a", source, json("{}"), hookKey, Lane.PRODUCTION, null,
                HookPackages.NONE, secrets));
        assertThat(result.error()).isNull();
        return result;
    }

    private static int runs(String tenant, String hookKey, String source) {
        RunResult result = run(tenant, hookKey, source, "{}");
        assertThat(result.error()).isNull();
        return result.result().get("runs").asInt();
    }

    private static RunResult run(String tenant, String hookKey, String source, String data) {
        return pool.run(new RunRequest(tenant, source, json(data), hookKey));
    }

    private static String newHookKey() {
        return "live:hook:" + hooks.incrementAndGet();
    }
}
