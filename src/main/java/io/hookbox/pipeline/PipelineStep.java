package io.hookbox.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hookbox.sandbox.RunResult;

import java.time.Instant;

/** One hook that ran in a pipeline: its deployed version (null for a draft), when it started and how its run ended. */
public record PipelineStep(String hookId, String name, @JsonInclude(JsonInclude.Include.NON_NULL) Integer version,
                           Instant startedAt, @JsonUnwrapped RunResult run) {
}
