package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import java.util.regex.Pattern;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

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
            TestRuntime.awaitWarm(pool);
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

    /**
     * Nothing a hook can reach may be changed: every object reachable from the global object, from syntax, and from
     * calling the built-ins (the intrinsics no global names, such as GraalJS's iterator helper prototypes) is frozen.
     * The walk is the hook in walk-builtins.mjs; it fails here on anything the prelude's freezing misses. It calls
     * thousands of built-ins, interpreted, so it runs on a worker of its own with room in its limits.
     */
    @Test
    void everyBuiltInAHookCanReachIsFrozen() throws IOException {
        String walker;
        try (InputStream in = getClass().getResourceAsStream("walk-builtins.mjs")) {
            walker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RuntimePolicy test = TestRuntime.policy();
        RuntimePolicy roomy = new RuntimePolicy(
                new RuntimePolicy.Limits(120_000, 60_000, 1L << 34, 500_000_000, 20_000, 1024, 65536, 100),
                test.console(), new RuntimePolicy.Workers(1, 1, 512, 0, 1000, 0, 0, 0), test.queue(),
                new RuntimePolicy.Contexts(true, 4));
        try (WorkerPool walkPool = WorkerPool.start(roomy, WorkerLauncher.fromSystemProperties().interpretedOnly())) {
            TestRuntime.awaitWarm(walkPool);
            RunResult result = walkPool.run(new RunRequest(ATTACKER, walker, json("{}"), "live:hook:walk"));

            assertThat(result.error()).isNull();
            assertThat(result.result().get("reached").asInt()).as("built-ins reached").isGreaterThan(500);
            assertThat(result.result().get("problems")).isEmpty();
        }
    }

    @Override
    RunResult attack(String source) {
        RunRequest request = new RunRequest(SandboxChecks.freshTenant(ATTACKER), source, json("{\"n\":1}"), "live:hook:attack");
        RunResult first = pool().run(request);
        return first.succeeded() ? pool().run(request) : first;
    }
}
