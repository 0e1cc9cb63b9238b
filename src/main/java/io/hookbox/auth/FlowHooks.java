package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.executions.Execution;
import io.hookbox.executions.ExecutionLog;
import io.hookbox.hooks.HookType;
import io.hookbox.pipeline.PipelineResult;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.pipeline.PipelineStep;
import io.hookbox.sandbox.RunResult;
import io.hookbox.secrets.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a type's hooks at one point of a real flow, records every execution, and applies the type's verdict: a failure
 * of a type that can block stops the flow with the type's denial; any other failure is logged and the flow goes on.
 * The flow reads only the outcome (what the type takes from the final data). Hooks that run after the fact
 * ({@link #runAfter}) all go through one place. Thread-safe; close it to let running after-the-fact hooks finish.
 */
public final class FlowHooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowHooks.class);

    private final PipelineRunner pipeline;
    private final ExecutionLog executions;
    private final ExecutorService afterTheFact = Executors.newVirtualThreadPerTaskExecutor();

    public FlowHooks(PipelineRunner pipeline, ExecutionLog executions) {
        this.pipeline = pipeline;
        this.executions = executions;
    }

    /**
     * What the hooks decided: {@code outcome}, what the flow takes from their result, or {@code denial} when they
     * stopped a flow of a type that can block, with {@code keptOnDenial}: what the flow still takes when the hook that
     * denied was an Auth0 Action that changed metadata first (else null).
     */
    public record Verdict(ObjectNode outcome, HookboxException denial, ObjectNode keptOnDenial) {

        /** The outcome, if the flow may go on; throws the denial otherwise. */
        public ObjectNode proceed() {
            if (denial != null) {
                throw denial;
            }
            return outcome;
        }
    }

    /** Runs the hooks of {@code type} on {@code data} and answers their verdict. */
    public Verdict run(String tenantId, String flowId, HookType type, JsonNode data) {
        PipelineResult result = pipeline.run(tenantId, type, data);
        record(tenantId, flowId, type, result);
        if (result.succeeded()) {
            return new Verdict(result.outcome(), null, null);
        }
        if (result.flowStopped()) {
            return new Verdict(null, type.denial().toException(result.error(), result.failedHookId()), result.keptOnDenial());
        }
        log.warn("{} hook {} failed in flow {} of tenant {}; the flow goes on: {} {}", type.id(), result.failedHookId(),
                flowId, tenantId, result.error().code(), result.error().message());
        return new Verdict(type.outcome(data), null, null);
    }

    /** Runs the hooks of {@code type}, which cannot block, in the background after the flow is done. */
    public void runAfter(String tenantId, String flowId, HookType type, JsonNode data) {
        afterTheFact.submit(() -> {
            try {
                run(tenantId, flowId, type, data);
            } catch (RuntimeException e) {
                log.error("{} hooks could not run in flow {} of tenant {}", type.id(), flowId, tenantId, e);
            }
        });
    }

    private void record(String tenantId, String flowId, HookType type, PipelineResult result) {
        List<Execution> records = result.steps().stream().map(step -> execution(flowId, type, step)).toList();
        try {
            executions.record(tenantId, records);
        } catch (RuntimeException e) {
            log.error("cannot record {} hook executions of flow {} for tenant {}", type.id(), flowId, tenantId, e);
        }
    }

    private static Execution execution(String flowId, HookType type, PipelineStep step) {
        RunResult run = step.run();
        return new Execution(RandomTokens.token("exe_", 12), step.hookId(), step.name(), type.id(), flowId, step.startedAt(),
                run.durationMs(), run.status().json(), run.error() == null ? null : run.error().code().name(),
                run.error() == null ? null : run.error().message(), step.continued(), run.console(),
                run.requests(), step.version());
    }

    @Override
    public void close() {
        afterTheFact.close();
    }
}
