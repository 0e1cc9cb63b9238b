package io.hookbox.pipeline;

import io.hookbox.sandbox.HookPackages;

import java.util.List;

/** Where a pipeline finds the hooks to run. Implementations are thread-safe. */
@FunctionalInterface
public interface HookSource {

    /** A source with no hooks at all: every pipeline passes its data through. */
    HookSource NONE = (tenantId, type) -> List.of();

    /** The tenant's enabled hooks of {@code type}, in their stored order. */
    List<PipelineHook> hooksInOrder(String tenantId, String type);

    /**
     * The npm packages the stored hook {@code hookId} runs with: those its deployed version {@code version} was deployed
     * with, or its draft's when {@code version} is null; none unless the source knows of packages.
     */
    default HookPackages packagesOf(String hookId, Integer version) {
        return HookPackages.NONE;
    }
}
