package io.hookbox.packages;

import io.hookbox.pipeline.HookSource;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.sandbox.HookPackages;

import java.util.List;

/** The hooks a pipeline runs, with the packages each has locked: its draft's, or those its deployed version fixed. Thread-safe. */
public final class PackagedHooks implements HookSource {

    private final HookSource hooks;
    private final PackageService packages;

    public PackagedHooks(HookSource hooks, PackageService packages) {
        this.hooks = hooks;
        this.packages = packages;
    }

    @Override
    public List<PipelineHook> hooksInOrder(String tenantId, String type) {
        return hooks.hooksInOrder(tenantId, type);
    }

    @Override
    public HookPackages packagesOf(String tenantId, String hookId, Integer version) {
        return packages.forHook(hookId, version);
    }
}
