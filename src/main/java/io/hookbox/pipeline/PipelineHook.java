package io.hookbox.pipeline;

/** A hook as a pipeline runs it: which one it is, its source and the deployed version that source is (null for a draft). */
public record PipelineHook(String id, String name, String content, Integer version) {
}
