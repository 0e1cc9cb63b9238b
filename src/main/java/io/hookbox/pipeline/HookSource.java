package io.hookbox.pipeline;

import io.hookbox.sandbox.HookPackages;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Where a pipeline finds the hooks to run. Implementations are thread-safe. */
@FunctionalInterface
public interface HookSource {

    /** A source with no hooks at all: every pipeline passes its data through. */
    HookSource NONE = (tenantId, type) -> List.of();

    /** The tenant's enabled hooks of {@code type}, in their stored order. */
    List<PipelineHook> hooksInOrder(String tenantId, String type);

    /**
     * The npm packages the tenant's stored hook {@code hookId} runs with: those its deployed version {@code version} was deployed
     * with, or its draft's when {@code version} is null; none unless the source knows of packages.
     */
    default HookPackages packagesOf(String tenantId, String hookId, Integer version) {
        return HookPackages.NONE;
    }

    /** The secrets of the tenant's stored hook {@code hookId}, by name; none unless the source knows of secrets. */
    default Map<String, String> secretsOf(String tenantId, String hookId) {
        return Map.of();
    }

    /** This source, with each stored hook's secrets from {@code secrets} (tenant and hook id to name and value). */
    default HookSource withSecrets(BiFunction<String, String, Map<String, String>> secrets) {
        HookSource hooks = this;
        return new HookSource() {
            @Override
            public List<PipelineHook> hooksInOrder(String tenantId, String type) {
                return hooks.hooksInOrder(tenantId, type);
            }

            @Override
            public HookPackages packagesOf(String tenantId, String hookId, Integer version) {
                return hooks.packagesOf(tenantId, hookId, version);
            }

            @Override
            public Map<String, String> secretsOf(String tenantId, String hookId) {
                return secrets.apply(tenantId, hookId);
            }
        };
    }
}
