package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.secrets.RandomTokens;
import io.hookbox.executions.Execution;
import io.hookbox.executions.ExecutionLog;
import io.hookbox.hooks.HookType;
import io.hookbox.pipeline.PipelineResult;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.pipeline.PipelineStep;
import io.hookbox.sandbox.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Runs a type's hooks at one point of a real flow and records every execution. Thread-safe. */
public final class FlowHooks {

    private static final Logger log = LoggerFactory.getLogger(FlowHooks.class);

    private final PipelineRunner pipeline;
    private final ExecutionLog executions;

    public FlowHooks(PipelineRunner pipeline, ExecutionLog executions) {
        this.pipeline = pipeline;
        this.executions = executions;
    }

    public PipelineResult run(String tenantId, String flowId, HookType type, JsonNode data) {
        PipelineResult result = pipeline.run(tenantId, type, data);
        List<Execution> records = result.steps().stream().map(step -> execution(flowId, type, step)).toList();
        try {
            executions.record(tenantId, records);
        } catch (RuntimeException e) {
            log.error("cannot record {} hook executions of flow {} for tenant {}", type.id(), flowId, tenantId, e);
        }
        return result;
    }

    private static Execution execution(String flowId, HookType type, PipelineStep step) {
        RunResult run = step.run();
        return new Execution(RandomTokens.token("exe_", 12), step.hookId(), step.name(), type.id(), flowId, step.startedAt(),
                run.durationMs(), run.status().json(), run.error() == null ? null : run.error().code().name(),
                run.error() == null ? null : run.error().message(), run.console(), run.requests());
    }
}
