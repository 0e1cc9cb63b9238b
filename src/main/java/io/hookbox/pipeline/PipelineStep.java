package io.hookbox.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.RunResult;

import java.time.Instant;

/**
 * One hook that ran in a pipeline: its deployed version (null for a draft), when it started, how its run ended, its
 * failure policy, and {@code continued}: whether it failed and the flow went on past it (with the data as it was
 * before it).
 */
public record PipelineStep(String hookId, String name, @JsonInclude(JsonInclude.Include.NON_NULL) Integer version,
                           Instant startedAt, @JsonUnwrapped RunResult run, OnError onError, boolean continued) {
}
