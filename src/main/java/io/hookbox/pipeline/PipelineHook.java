package io.hookbox.pipeline;

/** A hook as a pipeline runs it: which one it is and its source. */
public record PipelineHook(String id, String name, String content) {
}
