package io.hookbox.pipeline;

import io.hookbox.hooks.OnError;

/** A hook as a pipeline runs it: which one it is, its source, and what the flow does when it fails. */
public record PipelineHook(String id, String name, String content, OnError onError) {
}
