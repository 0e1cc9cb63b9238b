package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookType;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tenant's hooks of one type as a flow does: in their stored order, each receiving the previous one's
 * result; the first error stops the chain. The auth core and the test runs both run hooks through here, so a test
 * run behaves exactly as a real one. Thread-safe.
 */
public final class PipelineRunner {

    private static final String DRAFT = "draft";

    private final HookRuntime runtime;
    private final HookSource hooks;
    private final Lane lane;
    private final String reuseScope;
    private final MeterRegistry meters;

    /** The runner of real flows: its runs go to the production lane; meters go nowhere. */
    public PipelineRunner(HookRuntime runtime, HookSource hooks) {
        this(runtime, hooks, new SimpleMeterRegistry());
    }

    /** The runner of real flows: its runs go to the production lane, and are counted in {@code meters}. */
    public PipelineRunner(HookRuntime runtime, HookSource hooks, MeterRegistry meters) {
        this(runtime, hooks, Lane.PRODUCTION, "live", meters);
    }

    /**
     * {@code lane}: the workers its runs go to. {@code reuseScope} keeps apart the contexts its runs may reuse (see
     * {@link io.hookbox.sandbox.RuntimePolicy.Contexts}) from those of other runners: a test run never sees what a real
     * sign-in left in a hook's context.
     */
    private PipelineRunner(HookRuntime runtime, HookSource hooks, Lane lane, String reuseScope, MeterRegistry meters) {
        this.runtime = runtime;
        this.hooks = hooks;
        this.lane = lane;
        this.reuseScope = reuseScope;
        this.meters = meters;
    }

    /** A runner for test runs: they run in the test lane and share no reused context with real flows. */
    public static PipelineRunner forTestRuns(HookRuntime runtime, HookSource hooks, MeterRegistry meters) {
        return new PipelineRunner(runtime, hooks, Lane.TEST, "test", meters);
    }

    public PipelineResult run(String tenantId, HookType type, JsonNode data) {
        return run(tenantId, type, data, hooks.hooksInOrder(tenantId, type.id()));
    }

    /** Runs {@code hooksInOrder} rather than those of this runner's source. */
    public PipelineResult run(String tenantId, HookType type, JsonNode data, List<PipelineHook> hooksInOrder) {
        List<PipelineStep> steps = new ArrayList<>();
        JsonNode current = data;
        for (PipelineHook hook : hooksInOrder) {
            Instant startedAt = Instant.now();
            RunResult result = runHook(tenantId, type, hook.id(), hook.content(), current);
            steps.add(new PipelineStep(hook.id(), hook.name(), hook.version(), startedAt, result));
            if (!result.succeeded()) {
                return PipelineResult.failed(result.error(), steps);
            }
            current = result.result();
        }
        return PipelineResult.succeeded(current, steps);
    }

    /**
     * Runs one hook as a step of a {@code type} flow: its run's outcome, or {@code FORBIDDEN_CHANGE} when its result
     * changes what the type's change rules forbid. {@code hookId}: the stored hook {@code source} belongs to, or null
     * for a source that is not stored.
     */
    public RunResult runHook(String tenantId, HookType type, String hookId, String source, JsonNode data) {
        String hookKey = reuseScope + ":" + (hookId == null ? DRAFT : "hook:" + hookId);
        long started = System.nanoTime();
        RunResult result = runtime.run(new RunRequest(tenantId, source, data, hookKey, lane, hookId));
        Timer.builder("hookbox.hook.runs").description("hook runs by the lane asked for, hook type and outcome")
                .tag("lane", lane.id()).tag("type", type.id())
                .tag("outcome", result.succeeded() ? "success" : result.errorCode().name().toLowerCase())
                .publishPercentileHistogram().register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (!result.succeeded()) {
            return result;
        }
        List<String> refused = type.changes().refusedChanges(data, result.result());
        if (refused.isEmpty()) {
            return result;
        }
        return RunResult.failure(RunError.of(ErrorCode.FORBIDDEN_CHANGE,
                type.id() + " hooks may not change " + String.join(", ", refused)), result.console(), result.durationMs());
    }
}
