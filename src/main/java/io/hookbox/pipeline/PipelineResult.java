package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;

import java.util.List;

/**
 * How a pipeline ended: {@code result} the data the last hook returned (the input itself when no hook ran), or
 * {@code error} from the step that stopped the chain; {@code steps} every hook that ran, in order.
 */
public record PipelineResult(RunResult.Status status, JsonNode result, RunError error, List<PipelineStep> steps) {

    public PipelineResult {
        steps = List.copyOf(steps);
    }

    static PipelineResult succeeded(JsonNode result, List<PipelineStep> steps) {
        return new PipelineResult(RunResult.Status.SUCCESS, result, null, steps);
    }

    static PipelineResult failed(RunError error, List<PipelineStep> steps) {
        return new PipelineResult(RunResult.Status.ERROR, null, error, steps);
    }

    public boolean succeeded() {
        return status == RunResult.Status.SUCCESS;
    }

    public ErrorCode errorCode() {
        return error == null ? null : error.code();
    }
}
