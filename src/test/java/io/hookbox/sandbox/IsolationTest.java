package io.hookbox.sandbox;

import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hookbox.sandbox.SandboxChecks.awaitFullStrength;
import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invocation starts from a fresh global scope: nothing a hook leaves behind (globals, changed built-ins,
 * pending timers, a replaced console) is seen by the next one. A tenant's invocations run on the same worker,
 * so the runs below share one engine, one after another and side by side.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IsolationTest {

    @BeforeAll
    static void startWithTheWholePool() {
        awaitFullStrength(TestRuntime.shared());
    }

    private static final String LITTERER = """
            globalThis.visits = (globalThis.visits || 0) + 1;
            var declaredAtTopLevel = 'left behind';
            Object.prototype.polluted = true;
            Array.prototype.map = function () { return 'replaced'; };
            Array.prototype[Symbol.iterator] = function* () { yield 'replaced'; };
            String.prototype.trim = () => 'replaced';
            Math.max = () => -1;
            JSON.stringify = () => 'replaced';
            Promise.prototype.then = function () { throw new Error('replaced'); };
            console.log('the litterer speaks');
            console = {log() {}, error() {}};
            function handle(data, callback) {
              setTimeout(() => { globalThis.lateTimer = true; console.error('a timer of the previous run'); }, 5);
              queueMicrotask(() => { globalThis.lateMicrotask = true; });
              callback(null, {visits: globalThis.visits});
            }""";

    private static final String INSPECTOR = """
            function handle(data, callback) {
              console.log('the inspector speaks');
              setTimeout(() => callback(null, {
                left: ['visits', 'declaredAtTopLevel', 'lateTimer', 'lateMicrotask'].filter(name => name in globalThis),
                polluted: 'polluted' in {},
                builtIns: [[1, 2].map(x => x * 2), [...[1, 2]], ' a '.trim(), Math.max(1, 2), JSON.stringify({a: 1})],
                promiseThen: typeof Promise.resolve().then(() => 1),
                globals: Object.getOwnPropertyNames(globalThis).length
              }), 20);
            }""";

    @Test
    void nothingAnInvocationLeavesBehindIsSeenByTheNextOnTheSameWorker() {
        RunResult baseline = run("isolated-tenant", INSPECTOR);
        assertThat(baseline.result().path("left")).isEqualTo(json("[]"));
        assertThat(baseline.result().path("builtIns")).isEqualTo(json("[[2,4],[1,2],\"a\",2,\"{\\\"a\\\":1}\"]"));

        for (int i = 0; i < 10; i++) {
            RunResult litterer = run("isolated-tenant", LITTERER);
            assertThat(litterer.result()).isEqualTo(json("{\"visits\":1}"));
            assertThat(litterer.console()).extracting(ConsoleEntry::message).containsExactly("the litterer speaks");

            RunResult inspector = run("isolated-tenant", INSPECTOR);
            assertThat(inspector.result()).isEqualTo(baseline.result());
            assertThat(inspector.console()).extracting(ConsoleEntry::message).containsExactly("the inspector speaks");
        }
    }

    @Test
    void twoTenantsRunningSideBySideSeeNothingOfEachOther() throws Exception {
        String keeper = """
                function handle(data, callback) {
                  const before = typeof globalThis.secret;
                  globalThis.secret = data.secret;
                  Object.prototype.secretOwner = data.tenant;
                  setTimeout(() => callback(null, {before, secret: globalThis.secret}), 2);
                }""";
        String seeker = """
                function handle(data, callback) {
                  setTimeout(() => callback(null, {secret: typeof globalThis.secret, owner: typeof ({}).secretOwner}), 1);
                }""";
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<RunResult>> keeperRuns = new ArrayList<>();
            List<Future<RunResult>> seekerRuns = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String data = "{\"secret\":\"s-" + i + "\",\"tenant\":\"keeper\"}";
                keeperRuns.add(clients.submit(() -> TestRuntime.shared().run(new RunRequest("keeper-tenant", keeper, json(data)))));
                seekerRuns.add(clients.submit(() -> run("seeker-tenant", seeker)));
            }
            for (int i = 0; i < keeperRuns.size(); i++) {
                assertThat(keeperRuns.get(i).get().result()).isEqualTo(json("{\"before\":\"undefined\",\"secret\":\"s-" + i + "\"}"));
                assertThat(seekerRuns.get(i).get().result()).isEqualTo(json("{\"secret\":\"undefined\",\"owner\":\"undefined\"}"));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static RunResult run(String tenantId, String source) {
        RunResult result = TestRuntime.shared().run(new RunRequest(tenantId, source, json("{}")));
        assertThat(result.error()).isNull();
        return result;
    }
}
