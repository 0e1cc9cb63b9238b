package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.HookChain;
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

    /**
     * Runs {@code hooksInOrder} rather than those of this runner's source: consecutive hooks go to one worker as one
     * chain ({@link HookChain}); a chain that ends before a step it could have gone on to (its worker was lost) is
     * followed by a new one, from the data as the last step left it.
     */
    public PipelineResult run(String tenantId, HookType type, JsonNode data, List<PipelineHook> hooksInOrder) {
        List<PipelineStep> steps = new ArrayList<>();
        JsonNode current = data;
        int next = 0;
        while (next < hooksInOrder.size()) {
            List<Outcome> ran;
            if (hooksInOrder.get(next).isUrl()) {
                PipelineHook hook = hooksInOrder.get(next);
                Instant startedAt = Instant.now();
                ran = List.of(new Outcome(callUrl(tenantId, type, hook, RandomTokens.token("msg_", 12), startedAt, current).run(),
                        startedAt));
            } else {
                List<PipelineHook> chain = hooksInOrder.subList(next, chainEnd(hooksInOrder, next));
                ran = runChain(tenantId, type, current, chain.stream().map(hook -> new ChainedHook(hook.id(), hook.name(),
                        hook.content(), hook.id() == null ? HookPackages.NONE : hooks.packagesOf(tenantId, hook.id(), hook.version()),
                        hook.id() == null ? Map.of() : hooks.secretsOf(tenantId, hook.id()), hook.onError())).toList());
            }
            for (Outcome outcome : ran) {
                PipelineHook hook = hooksInOrder.get(next++);
                RunResult result = outcome.result();
                boolean continued = !result.succeeded() && hook.onError() == OnError.CONTINUE;
                steps.add(new PipelineStep(hook.id(), hook.name(), hook.version(), outcome.startedAt(), result, hook.onError(), continued));
                if (result.succeeded()) {
                    current = result.result();
                } else if (!continued) {
                    return PipelineResult.failed(type, result.error(), steps, keptOnDenial(type, hook, current, result));
                }
            }
        }
        return PipelineResult.succeeded(type, current, steps);
    }

    /** Where the chain of code hooks that starts at {@code from} ends: before the next URL hook, or at the last hook. */
    private static int chainEnd(List<PipelineHook> hooksInOrder, int from) {
        int end = from;
        while (end < hooksInOrder.size() && !hooksInOrder.get(end).isUrl()) {
            end++;
        }
        return end;
    }

    /**
     * What the flow takes from the data an Auth0 Action denied with ({@link io.hookbox.sandbox.RunEffects#deniedData}),
     * if the type's rules allow those changes; null when there is none or they do not.
     */
    private static ObjectNode keptOnDenial(HookType type, PipelineHook hook, JsonNode before, RunResult denied) {
        JsonNode data = denied.effects().deniedData();
        if (data == null || type.checkResult(type.hookCalled(hook.name()), before, data).isPresent()) {
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
     * secret's value is redacted from what the run gives back, so it reaches neither the caller nor the next hook. A
     * single hook is a chain of one.
     */
    public RunResult runHook(String tenantId, HookType type, String hookId, String name, String source, JsonNode data,
                             HookPackages packages, Map<String, String> secrets) {
        return runChain(tenantId, type, data, List.of(new ChainedHook(hookId, name, source, packages, secrets, OnError.DENY)))
                .getFirst().result();
    }

    /** A hook as a chain runs it: the stored hook (or null for a draft), its source, packages, secrets and failure policy. */
    private record ChainedHook(String hookId, String name, String source, HookPackages packages, Map<String, String> secrets,
                               OnError onError) {
    }

    /** How a step of a chain ended for the flow, and when it started. */
    private record Outcome(RunResult result, Instant startedAt) {
    }

    /**
     * Runs {@code chain} as one request to one worker from {@code data}: each step's outcome, as a run of it alone
     * gives it here (its cache kept, its secrets redacted, counted, then the type's verdict on its result), for the
     * steps that ran.
     */
    private List<Outcome> runChain(String tenantId, HookType type, JsonNode data, List<ChainedHook> chain) {
        List<HookChain.Step> steps = chain.stream().map(hook -> new HookChain.Step(new RunRequest(tenantId, hook.source(), null,
                reuseScope + ":" + (hook.hookId() == null ? DRAFT : "hook:" + hook.hookId()), lane, hook.hookId(), hook.packages(),
                hook.secrets(), type.actionPlan(), hook.hookId() == null ? HookCaches.NONE.open(tenantId, null)
                : caches.open(tenantId, hook.hookId()), queries.forRun(tenantId)), hook.name(), hook.onError() == OnError.CONTINUE))
                .toList();
        List<HookChain.Ran> ran = runtime.runChain(new HookChain(type.id(), data, steps));
        List<Outcome> outcomes = new ArrayList<>(ran.size());
        for (int i = 0; i < ran.size(); i++) {
            outcomes.add(new Outcome(afterRun(tenantId, type, chain.get(i), ran.get(i)), ran.get(i).startedAt()));
        }
        return outcomes;
    }

    private RunResult afterRun(String tenantId, HookType type, ChainedHook hook, HookChain.Ran ran) {
        if (hook.hookId() != null) {
            caches.keep(tenantId, hook.hookId(), ran.result().effects().cache());
        }
        RunResult result = hook.secrets().isEmpty() ? ran.result() : ran.result().redacted(Redactor.of(hook.secrets())::redact);
        Timer.builder("hookbox.hook.runs").description("hook runs by the lane asked for, hook type and outcome")
                .tag("lane", lane.id()).tag("type", type.id())
                .tag("outcome", result.succeeded() ? "success" : result.errorCode().name().toLowerCase())
                .publishPercentileHistogram().register(meters).record(ran.nanos(), TimeUnit.NANOSECONDS);
        return ran.verdict() == null || !result.succeeded() ? result : result.failedWith(ran.verdict());
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
        if (!run.succeeded()) {
            return call;
        }
        return call.withRun(type.checkResult(type.hookCalled(hook.name()), data, run.result()).map(run::failedWith).orElse(run));
    }
}
