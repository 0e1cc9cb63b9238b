package io.hookbox.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hookbox.sandbox.HookPackages;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Keeps what a tenant's flows run (hook lists by type, each hook's packages and secrets) as long as the tenant's hooks
 * generation is the one read with it. Every change to a tenant's hooks, on any node, grows that generation in its own
 * transaction, so a flow reads one number instead of the lists, and the very next flow after a change, on any node,
 * runs the changed hooks. Thread-safe.
 */
public final class CachedHookSource implements HookSource {

    /** What was read for one tenant at one generation. */
    private record Snapshot(long generation, ConcurrentMap<String, List<PipelineHook>> lists,
                            ConcurrentMap<String, HookPackages> packages, ConcurrentMap<String, Map<String, String>> secrets) {

        Snapshot(long generation) {
            this(generation, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private final HookSource hooks;
    private final Function<String, OptionalLong> generations;
    private final Cache<String, Snapshot> tenants = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    /** {@code generations}: a tenant's current hooks generation, read from the database; empty for no such tenant. */
    public CachedHookSource(HookSource hooks, Function<String, OptionalLong> generations) {
        this.hooks = hooks;
        this.generations = generations;
    }

    @Override
    public List<PipelineHook> hooksInOrder(String tenantId, String type) {
        OptionalLong generation = generations.apply(tenantId);
        if (generation.isEmpty()) {
            tenants.invalidate(tenantId);
            return hooks.hooksInOrder(tenantId, type);
        }
        Snapshot snapshot = tenants.asMap().compute(tenantId, (id, kept) ->
                kept != null && kept.generation() == generation.getAsLong() ? kept : new Snapshot(generation.getAsLong()));
        return snapshot.lists().computeIfAbsent(type, ignored -> List.copyOf(hooks.hooksInOrder(tenantId, type)));
    }

    /** A stored hook's packages, kept with its tenant's lists; a draft's ({@code version} null) are not kept. */
    @Override
    public HookPackages packagesOf(String tenantId, String hookId, Integer version) {
        Snapshot snapshot = version == null ? null : tenants.getIfPresent(tenantId);
        if (snapshot == null) {
            return hooks.packagesOf(tenantId, hookId, version);
        }
        return snapshot.packages().computeIfAbsent(hookId + "@" + version, key -> hooks.packagesOf(tenantId, hookId, version));
    }

    @Override
    public Map<String, String> secretsOf(String tenantId, String hookId) {
        Snapshot snapshot = tenants.getIfPresent(tenantId);
        if (snapshot == null) {
            return hooks.secretsOf(tenantId, hookId);
        }
        return snapshot.secrets().computeIfAbsent(hookId, id -> Map.copyOf(hooks.secretsOf(tenantId, id)));
    }
}
