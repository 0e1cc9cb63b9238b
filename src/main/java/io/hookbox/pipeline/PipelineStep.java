package io.hookbox.pipeline;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hookbox.sandbox.RunResult;

/** One hook that ran in a pipeline, and how its run ended. */
public record PipelineStep(String hookId, String name, @JsonUnwrapped RunResult run) {
}
