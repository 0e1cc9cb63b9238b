package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The attack suite with a fresh context for every invocation (the default), on the shared test pool. */
class AdversarialTest extends AdversarialSuite {

    @Override
    WorkerPool pool() {
        return TestRuntime.shared();
    }

    @Override
    RunResult attack(String source) {
        return pool().run(new RunRequest(SandboxChecks.freshTenant(ATTACKER), source, json("{\"n\":1}")));
    }

    @Test
    void changesToBuiltInsDoNotReachTheNextInvocation() {
        RunResult polluter = attack("""
                Object.prototype.polluted = 'yes';
                Array.prototype.push = function () { return -1; };
                JSON.stringify = () => 'hijacked';
                Object.freeze(Object.prototype);
                globalThis.setTimeout = () => { throw new Error('timers hijacked'); };
                function handle(d, cb) { cb(null, {polluted: ({}).polluted}); }""");
        assertThat(polluter.result()).isEqualTo(json("{\"polluted\":\"yes\"}"));

        RunResult next = attack("""
                function handle(d, cb) {
                  const list = [];
                  list.push(1);
                  Object.prototype.fresh = true;
                  setTimeout(() => cb(null, {polluted: ({}).polluted, pushed: list.length, json: JSON.stringify({a: 1}),
                      unfrozen: ({}).fresh === true}), 1);
                }""");
        assertThat(next.result()).isEqualTo(json("{\"pushed\":1,\"json\":\"{\\\"a\\\":1}\",\"unfrozen\":true}"));
    }
}
