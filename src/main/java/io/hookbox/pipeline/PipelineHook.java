package io.hookbox.pipeline;

import io.hookbox.hooks.OnError;

/**
 * A hook as a pipeline runs it: which one it is, its source, what the flow does when it fails, and the deployed
 * version that source is (null for a draft).
 */
public record PipelineHook(String id, String name, String content, OnError onError, Integer version) {
}
