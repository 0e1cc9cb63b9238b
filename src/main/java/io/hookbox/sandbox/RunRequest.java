package io.hookbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One invocation: run {@code source}'s {@code handle} with {@code data}.
 * {@code tenantId} only routes the work (a tenant's invocations share workers), it is never shown to the hook.
 * {@code hookKey} names the hook the source belongs to, for context reuse ({@link RuntimePolicy.Contexts}):
 * invocations share a kept context only when tenant, hook key, packages and source are all the same; null never reuses one.
 * {@code lane} says which workers run it ({@link Lane}); {@code hookId}, the stored hook the source is, or null for a
 * draft: a stored hook that gets a worker killed in production is marked as stopped. {@code packages}: the npm packages
 * the hook may require. {@code secrets}: the values the hook reads as {@code secrets.NAME}, by name; they travel with
 * this invocation only, never in its source or its data. {@code trigger}: how an Auth0 Action or Rule runs as the
 * hook's type (the type's action plan, JSON text), or null: such a source then fails, a {@code handle} hook ignores it.
 * {@code cache}: the hook's cache as the run starts (an Action's {@code api.cache}), or null for an empty one read at the
 * worker's time. {@code queries}: who answers the run's questions to the host, for this tenant only.
 */
public record RunRequest(String tenantId, String source, JsonNode data, String hookKey, Lane lane, String hookId,
                         HookPackages packages, Map<String, String> secrets, String trigger, CacheSnapshot cache,
                         HostQueries queries) {

    public RunRequest {
        lane = lane == null ? Lane.PRODUCTION : lane;
        packages = packages == null ? HookPackages.NONE : packages;
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        queries = queries == null ? HostQueries.NONE : queries;
    }

    public RunRequest(String tenantId, String source, JsonNode data, String hookKey, Lane lane, String hookId,
                      HookPackages packages, Map<String, String> secrets, String trigger) {
        this(tenantId, source, data, hookKey, lane, hookId, packages, secrets, trigger, null, HostQueries.NONE);
    }

    public RunRequest(String tenantId, String source, JsonNode data, String hookKey, Lane lane, String hookId,
                      HookPackages packages, Map<String, String> secrets) {
        this(tenantId, source, data, hookKey, lane, hookId, packages, secrets, null);
    }

    public RunRequest(String tenantId, String source, JsonNode data, String hookKey, Lane lane, String hookId,
                      HookPackages packages) {
        this(tenantId, source, data, hookKey, lane, hookId, packages, Map.of(), null);
    }

    public RunRequest(String tenantId, String source, JsonNode data, String hookKey, Lane lane, String hookId) {
        this(tenantId, source, data, hookKey, lane, hookId, HookPackages.NONE);
    }

    /** A production invocation that always gets a fresh context. */
    public RunRequest(String tenantId, String source, JsonNode data) {
        this(tenantId, source, data, null, Lane.PRODUCTION, null, HookPackages.NONE);
    }

    /** A production invocation of a draft that may require {@code packages}. */
    public RunRequest(String tenantId, String source, JsonNode data, String hookKey, HookPackages packages) {
        this(tenantId, source, data, hookKey, Lane.PRODUCTION, null, packages);
    }

    /** A production invocation of a draft. */
    public RunRequest(String tenantId, String source, JsonNode data, String hookKey) {
        this(tenantId, source, data, hookKey, Lane.PRODUCTION, null, HookPackages.NONE);
    }

    /** The scope within which a kept context may be reused, or null when this invocation must run in a fresh one. */
    public String reuseScope() {
        return hookKey == null ? null : (tenantId == null ? "" : tenantId) + "\n" + hookKey
                + (packages.installed().isEmpty() ? "" : "\n" + packages.fingerprint());
    }
}
