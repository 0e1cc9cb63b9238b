package io.hookbox.pipeline;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hookbox.sandbox.RunResult;

import java.time.Instant;

/** One hook that ran in a pipeline: when it started and how its run ended. */
public record PipelineStep(String hookId, String name, Instant startedAt, @JsonUnwrapped RunResult run) {
}
