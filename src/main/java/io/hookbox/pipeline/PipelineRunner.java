package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookType;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a tenant's hooks of one type as a flow does: in their stored order, each receiving the previous one's
 * result; the first error stops the chain. The auth core and the test runs both run hooks through here, so a test
 * run behaves exactly as a real one. Thread-safe.
 */
public final class PipelineRunner {

    private static final String DRAFT = "draft";

    private final HookRuntime runtime;
    private final HookSource hooks;
    private final String reuseScope;

    /** The runner of real flows. */
    public PipelineRunner(HookRuntime runtime, HookSource hooks) {
        this(runtime, hooks, "live");
    }

    /**
     * {@code reuseScope} keeps apart the contexts its runs may reuse (see {@link io.hookbox.sandbox.RuntimePolicy.Contexts})
     * from those of other runners: a test run never sees what a real sign-in left in a hook's context.
     */
    private PipelineRunner(HookRuntime runtime, HookSource hooks, String reuseScope) {
        this.runtime = runtime;
        this.hooks = hooks;
        this.reuseScope = reuseScope;
    }

    /** A runner for test runs, which share no reused context with real flows. */
    public static PipelineRunner forTestRuns(HookRuntime runtime, HookSource hooks) {
        return new PipelineRunner(runtime, hooks, "test");
    }

    public PipelineResult run(String tenantId, HookType type, JsonNode data) {
        List<PipelineStep> steps = new ArrayList<>();
        JsonNode current = data;
        for (PipelineHook hook : hooks.hooksInOrder(tenantId, type.id())) {
            Instant startedAt = Instant.now();
            RunResult result = runHook(tenantId, type, hook.id(), hook.content(), current);
            steps.add(new PipelineStep(hook.id(), hook.name(), startedAt, result));
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
        return runHook(tenantId, type, hookId, source, data, hookId == null ? HookPackages.NONE : hooks.packagesOf(hookId));
    }

    /** As {@link #runHook(String, HookType, String, String, JsonNode)}, with the npm packages given. */
    public RunResult runHook(String tenantId, HookType type, String hookId, String source, JsonNode data, HookPackages packages) {
        String hookKey = reuseScope + ":" + (hookId == null ? DRAFT : "hook:" + hookId);
        RunResult result = runtime.run(new RunRequest(tenantId, source, data, hookKey, packages));
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
