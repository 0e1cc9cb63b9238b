package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.CacheSnapshot;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.secrets.RandomTokens;
import io.hookbox.secrets.Redactor;
import io.hookbox.sandbox.RunResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tenant's hooks of one type as a flow does: in their stored order, each receiving the previous one's
 * result, checked against the type (its schema and change rules) as it comes. A failing hook whose policy is
 * {@code continue} is passed over with the data as it was before it; any other failure stops the chain there. The
 * flows and the test runs both run hooks through here, so a test run gives the verdict a real one gives. Thread-safe.
 */
public final class PipelineRunner {

    private static final String DRAFT = "draft";

    private final HookRuntime runtime;
    private final HookSource hooks;
    private final Lane lane;
    private final String reuseScope;
    private final MeterRegistry meters;
    private final HookCaches caches;
    private final HookQueries queries;
    private final UrlHooks urlHooks;

    /** The runner of real flows: its runs go to the production lane; meters go nowhere; hooks' caches are not kept. */
    public PipelineRunner(HookRuntime runtime, HookSource hooks) {
        this(runtime, hooks, new SimpleMeterRegistry());
    }

    /** The runner of real flows: its runs go to the production lane, and are counted in {@code meters}. */
    public PipelineRunner(HookRuntime runtime, HookSource hooks, MeterRegistry meters) {
        this(runtime, hooks, meters, HookCaches.NONE, HookQueries.NONE);
    }

    /**
     * The runner of real flows: its runs go to the production lane, and are counted in {@code meters}; stored hooks'
     * caches are kept in {@code caches}; hooks' questions to the host are answered by {@code queries}.
     */
    public PipelineRunner(HookRuntime runtime, HookSource hooks, MeterRegistry meters, HookCaches caches,
                          HookQueries queries) {
        this(runtime, hooks, Lane.PRODUCTION, "live", meters, caches, queries, UrlHooks.NONE);
    }

    /**
     * {@code lane}: the workers its runs go to. {@code reuseScope} keeps apart the contexts its runs may reuse (see
     * {@link io.hookbox.sandbox.RuntimePolicy.Contexts}) from those of other runners: a test run never sees what a real
     * sign-in left in a hook's context.
     */
    private PipelineRunner(HookRuntime runtime, HookSource hooks, Lane lane, String reuseScope, MeterRegistry meters,
                           HookCaches caches, HookQueries queries, UrlHooks urlHooks) {
        this.runtime = runtime;
        this.hooks = hooks;
        this.lane = lane;
        this.reuseScope = reuseScope;
        this.meters = meters;
        this.caches = caches;
        this.queries = queries;
        this.urlHooks = urlHooks;
    }

    /** This runner, calling URL hooks through {@code calls}. */
    public PipelineRunner withUrlHooks(UrlHooks calls) {
        return new PipelineRunner(runtime, hooks, lane, reuseScope, meters, caches, queries, calls);
    }

    public UrlHooks urlHooks() {
        return urlHooks;
    }

    /**
     * A runner for test runs: they run in the test lane and share no reused context with real flows; a hook's cache
     * starts empty and what it writes lasts for the run only; its questions to the host are answered by {@code queries}
     * as in real flows (they only read).
     */
    public static PipelineRunner forTestRuns(HookRuntime runtime, HookSource hooks, MeterRegistry meters, HookQueries queries) {
        return new PipelineRunner(runtime, hooks, Lane.TEST, "test", meters, HookCaches.NONE, queries, UrlHooks.NONE);
    }

    public PipelineResult run(String tenantId, HookType type, JsonNode data) {
        return run(tenantId, type, data, hooksInOrder(tenantId, type));
    }

    /** The hooks a flow of {@code type} runs now, in order: the tenant's enabled, deployed hooks of the type. */
    public List<PipelineHook> hooksInOrder(String tenantId, HookType type) {
        return hooks.hooksInOrder(tenantId, type.id());
    }

    /** Runs {@code hooksInOrder} rather than those of this runner's source. */
    public PipelineResult run(String tenantId, HookType type, JsonNode data, List<PipelineHook> hooksInOrder) {
        List<PipelineStep> steps = new ArrayList<>();
        JsonNode current = data;
        for (PipelineHook hook : hooksInOrder) {
            Instant startedAt = Instant.now();
            RunResult result = hook.isUrl()
                    ? callUrl(tenantId, type, hook, RandomTokens.token("msg_", 12), startedAt, current).run()
                    : runHook(tenantId, type, hook.id(), hook.name(), hook.content(), current,
                    hook.id() == null ? HookPackages.NONE : hooks.packagesOf(tenantId, hook.id(), hook.version()));
            boolean continued = !result.succeeded() && hook.onError() == OnError.CONTINUE;
            steps.add(new PipelineStep(hook.id(), hook.name(), hook.version(), startedAt, result, hook.onError(), continued));
            if (result.succeeded()) {
                current = result.result();
            } else if (!continued) {
                return PipelineResult.failed(type, result.error(), steps, keptOnDenial(type, hook, current, result));
            }
        }
        return PipelineResult.succeeded(type, current, steps);
    }

    /**
     * What the flow takes from the data an Auth0 Action denied with ({@link io.hookbox.sandbox.RunEffects#deniedData}),
     * if the type's rules allow those changes; null when there is none or they do not.
     */
    private static ObjectNode keptOnDenial(HookType type, PipelineHook hook, JsonNode before, RunResult denied) {
        JsonNode data = denied.effects().deniedData();
        if (data == null || type.checkResult("the " + type.id() + " hook '" + hook.name() + "'", before, data).isPresent()) {
            return null;
        }
        return type.outcome(data);
    }

    /**
     * Runs one hook as a step of a {@code type} flow: its run's outcome, or the type's verdict on its result
     * ({@link HookType#checkResult}). {@code hookId} and {@code name}: the stored hook whose draft {@code source} is, or
     * null for a source that is not stored.
     */
    public RunResult runHook(String tenantId, HookType type, String hookId, String name, String source, JsonNode data) {
        return runHook(tenantId, type, hookId, name, source, data, hookId == null ? HookPackages.NONE : hooks.packagesOf(tenantId, hookId, null));
    }

    /** As {@link #runHook(String, HookType, String, String, String, JsonNode)}, with the npm packages given. */
    public RunResult runHook(String tenantId, HookType type, String hookId, String name, String source, JsonNode data,
                             HookPackages packages) {
        return runHook(tenantId, type, hookId, name, source, data, packages,
                hookId == null ? Map.of() : hooks.secretsOf(tenantId, hookId));
    }

    /**
     * As {@link #runHook(String, HookType, String, String, String, JsonNode, HookPackages)}, with the secrets given. Every
     * secret's value is redacted from what the run gives back, so it reaches neither the caller nor the next hook.
     */
    public RunResult runHook(String tenantId, HookType type, String hookId, String name, String source, JsonNode data,
                             HookPackages packages, Map<String, String> secrets) {
        String hookKey = reuseScope + ":" + (hookId == null ? DRAFT : "hook:" + hookId);
        long started = System.nanoTime();
        CacheSnapshot cache = hookId == null ? HookCaches.NONE.open(tenantId, null) : caches.open(tenantId, hookId);
        RunResult ran = runtime.run(new RunRequest(tenantId, source, data, hookKey, lane, hookId, packages, secrets,
                type.actionPlan(), cache, queries.forRun(tenantId)));
        if (hookId != null) {
            caches.keep(tenantId, hookId, ran.effects().cache());
        }
        RunResult result = secrets.isEmpty() ? ran : ran.redacted(Redactor.of(secrets)::redact);
        Timer.builder("hookbox.hook.runs").description("hook runs by the lane asked for, hook type and outcome")
                .tag("lane", lane.id()).tag("type", type.id())
                .tag("outcome", result.succeeded() ? "success" : result.errorCode().name().toLowerCase())
                .publishPercentileHistogram().register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return checked(type, name, data, result);
    }

    /**
     * Calls the endpoint of URL hook {@code hook} with message {@code messageId} made at {@code createdAt}, synchronously:
     * the answer's data is checked against the type as a code hook's result is.
     */
    public UrlCall callUrl(String tenantId, HookType type, PipelineHook hook, String messageId, Instant createdAt, JsonNode data) {
        UrlCall call = urlHooks.call(tenantId, type, hook, messageId, createdAt, data);
        RunResult run = call.run();
        meters.counter("hookbox.urlhook.calls", "lane", lane.id(), "type", type.id(),
                "outcome", run.succeeded() ? "success" : run.errorCode().name().toLowerCase()).increment();
        return call.withRun(checked(type, hook.name(), data, run));
    }

    /** {@code result}, or the type's verdict on its data when that is refused ({@link HookType#checkResult}). */
    private static RunResult checked(HookType type, String name, JsonNode data, RunResult result) {
        if (!result.succeeded()) {
            return result;
        }
        String hook = name == null ? "the " + type.id() + " hook" : "the " + type.id() + " hook '" + name + "'";
        return type.checkResult(hook, data, result.result())
                .map(result::failedWith)
                .orElse(result);
    }
}
