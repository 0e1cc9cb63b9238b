package io.hookbox.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.sandbox.HookStops;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One worker pool for the whole test run, under the test policy (short limits), so tests that attack it
 * also prove the pool keeps serving the tests after them.
 */
public final class TestRuntime {

    public static final Path TEST_POLICY = Path.of("src/test/resources/test-policy.json");
    public static final ObjectMapper JSON = new ObjectMapper();
    /** The shared pool's meters, which the test servers' {@code /metrics} shows. */
    public static final PrometheusMeterRegistry METRICS = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private static WorkerPool shared;

    private TestRuntime() {
    }

    public static synchronized WorkerPool shared() {
        if (shared == null) {
            shared = WorkerPool.start(policy(), WorkerLauncher.fromSystemProperties(), METRICS, HookStops.NONE);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            // the suite's first tests start at full speed rather than beside the warm-up
            awaitWarm(shared);
        }
        return shared;
    }

    public static void awaitWarm(WorkerPool pool) {
        try {
            if (!pool.awaitWarm(java.time.Duration.ofMinutes(2))) {
                throw new IllegalStateException("the workers did not warm up within 2 minutes: " + pool.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static RuntimePolicy policy() {
        return RuntimePolicy.load(TEST_POLICY);
    }

    public static RunResult run(String source) {
        return run(source, "{}");
    }

    public static RunResult run(String source, String dataJson) {
        return shared().run(new RunRequest("test-tenant", source, json(dataJson)));
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
