package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.AfterAll;

import java.util.regex.Pattern;

import static io.hookbox.support.TestRuntime.json;

/**
 * The attack suite with {@code contexts.reuse} on, on a pool of its own. Every attack is a hook of a tenant of its
 * own; when its first invocation succeeds, its context is kept, and the attack is invoked again in that kept context:
 * the outcome checked is the second one's, so a kept context is held to everything a fresh one is.
 */
class AdversarialReuseTest extends AdversarialSuite {

    private static final Pattern FROZEN = Pattern.compile(
            "built-ins are frozen|read[- ]only|not writable|not extensible|Cannot (re)?define|non-configurable|Cannot add property");

    private WorkerPool pool;

    @Override
    synchronized WorkerPool pool() {
        if (pool == null) {
            RuntimePolicy test = TestRuntime.policy();
            pool = WorkerPool.start(new RuntimePolicy(test.limits(), test.console(), test.workers(), test.queue(),
                    new RuntimePolicy.Contexts(true, 16)), WorkerLauncher.fromSystemProperties().interpretedOnly());
        }
        return pool;
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    @Override
    boolean endedByFrozenBuiltIns(RunResult result) {
        return result.errorCode() == ErrorCode.HOOK_ERROR
                && FROZEN.matcher(result.error().message()).find();
    }

    @Override
    RunResult attack(String source) {
        RunRequest request = new RunRequest(SandboxChecks.freshTenant(ATTACKER), source, json("{\"n\":1}"), "live:hook:attack");
        RunResult first = pool().run(request);
        return first.succeeded() ? pool().run(request) : first;
    }
}
