package io.hookbox.pipeline;

import io.hookbox.hooks.OnError;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * A hook as a pipeline runs it: which one it is, its source, what the flow does when it fails, and the deployed
 * version that source is (null for a draft). A URL hook has a {@code url} (and no source) and may be {@code async}:
 * delivered after the fact rather than waited for.
 */
public record PipelineHook(String id, String name, String content, OnError onError, Integer version, String url,
                           boolean async) {

    @JdbiConstructor
    public PipelineHook {
    }

    /** A code hook. */
    public PipelineHook(String id, String name, String content, OnError onError, Integer version) {
        this(id, name, content, onError, version, null, false);
    }

    public boolean isUrl() {
        return url != null;
    }
}
