package io.hookbox.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookType;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;

import java.util.List;

/**
 * How a pipeline ended: {@code result} the data after the last hook (the input itself when no hook ran), or
 * {@code error} from the step that stopped the chain; {@code steps} every hook that ran, in order. {@code outcome}:
 * what the flow takes from {@code result} (the type's taken paths), and {@code flowStopped}: whether the flow stops
 * here, which only a failure of a type that can block does. {@code keptOnDenial}: when an Auth0 Action stopped the chain
 * with a deny, what the flow takes from the data as that Action left it (Auth0 saves the metadata set before a deny);
 * otherwise null.
 */
public record PipelineResult(RunResult.Status status, JsonNode result, RunError error, List<PipelineStep> steps,
                             ObjectNode outcome, boolean flowStopped, @JsonIgnore ObjectNode keptOnDenial) {

    public PipelineResult {
        steps = List.copyOf(steps);
    }

    static PipelineResult succeeded(HookType type, JsonNode result, List<PipelineStep> steps) {
        return new PipelineResult(RunResult.Status.SUCCESS, result, null, steps, type.outcome(result), false, null);
    }

    static PipelineResult failed(HookType type, RunError error, List<PipelineStep> steps, ObjectNode keptOnDenial) {
        return new PipelineResult(RunResult.Status.ERROR, null, error, steps, null, type.canBlock(), keptOnDenial);
    }

    public boolean succeeded() {
        return status == RunResult.Status.SUCCESS;
    }

    public ErrorCode errorCode() {
        return error == null ? null : error.code();
    }

    /** The stored hook whose failure stopped the chain, or null. */
    @JsonIgnore
    public String failedHookId() {
        return succeeded() || steps.isEmpty() ? null : steps.getLast().hookId();
    }
}
