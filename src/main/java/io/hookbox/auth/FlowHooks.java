package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.executions.Execution;
import io.hookbox.executions.ExecutionLog;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.outbox.Attempt;
import io.hookbox.outbox.Deliverer;
import io.hookbox.outbox.Outbox;
import io.hookbox.outbox.OutboxEntry;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.pipeline.PipelineResult;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.pipeline.PipelineStep;
import io.hookbox.pipeline.UrlCall;
import io.hookbox.sandbox.RunResult;
import io.hookbox.secrets.RandomTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a type's hooks at one point of a real flow, records every execution, and applies the type's verdict: a failure
 * of a type that can block stops the flow with the type's denial; any other failure is logged and the flow goes on.
 * The flow reads only the outcome (what the type takes from the final data). Hooks that run after the fact
 * ({@link #runAfter}) are written to the outbox inside the change's transaction, one entry per hook, and each is
 * delivered later ({@link #deliver}), recorded in the execution log like any run. Thread-safe.
 */
public final class FlowHooks implements Deliverer {

    private static final Logger log = LoggerFactory.getLogger(FlowHooks.class);
    /** The hooks' part of a flow is often under a millisecond: its histogram's buckets start well below. */
    private static final Duration FLOW_HOOKS_FLOOR = Duration.ofNanos(50_000);

    private final PipelineRunner pipeline;
    private final ExecutionLog executions;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final int maxAttempts;

    /** {@code meters}: where delivery attempts are counted; {@code maxAttempts}: the outbox's, after which one is dead. */
    public FlowHooks(PipelineRunner pipeline, ExecutionLog executions, Outbox outbox, MeterRegistry meters, int maxAttempts) {
        this.pipeline = pipeline;
        this.executions = executions;
        this.outbox = outbox;
        this.meters = meters;
        this.maxAttempts = maxAttempts;
    }

    /**
     * What the hooks decided: {@code outcome}, what the flow takes from their result, or {@code denial} when they
     * stopped a flow of a type that can block, with {@code keptOnDenial}: what the flow still takes when the hook that
     * denied was an Auth0 Action that changed metadata first (else null).
     */
    public record Verdict(ObjectNode outcome, HookboxException denial, ObjectNode keptOnDenial) {

        /** The outcome, if the flow may go on; throws the denial otherwise. */
        public ObjectNode proceed() {
            if (denial != null) {
                throw denial;
            }
            return outcome;
        }
    }

    /**
     * Runs the hooks of {@code type} on {@code data} and answers their verdict; the time this takes, from reading the
     * hooks to recording their runs, is the hooks' part of the flow ({@code hookbox.flow.hooks}).
     */
    public Verdict run(String tenantId, String flowId, HookType type, JsonNode data) {
        long started = System.nanoTime();
        try {
            return runTimed(tenantId, flowId, type, data);
        } finally {
            Timer.builder("hookbox.flow.hooks").description("the hooks' part of a flow, by hook type: reading the hooks,"
                            + " running them, recording their runs")
                    .tag("type", type.id()).publishPercentileHistogram().minimumExpectedValue(FLOW_HOOKS_FLOOR).register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Verdict runTimed(String tenantId, String flowId, HookType type, JsonNode data) {
        List<PipelineHook> hooks = pipeline.hooksInOrder(tenantId, type);
        PipelineResult result = pipeline.run(tenantId, type, data, hooks.stream().filter(hook -> !deliveredLater(hook)).toList());
        record(tenantId, flowId, type, result.steps());
        if (!result.flowStopped()) {
            enqueueLater(tenantId, flowId, type, hooks, result.succeeded() ? result.result() : data);
        }
        if (result.succeeded()) {
            return new Verdict(result.outcome(), null, null);
        }
        if (result.flowStopped()) {
            return new Verdict(null, type.denial().toException(result.error(), result.failedHookId()), result.keptOnDenial());
        }
        log.warn("{} hook {} failed in flow {} of tenant {}; the flow goes on: {} {}", type.id(), result.failedHookId(),
                flowId, tenantId, result.error().code(), result.error().message());
        return new Verdict(type.outcome(data), null, null);
    }

    /** An async URL hook at a trigger that could wait: the flow does not wait, the outbox delivers it after. */
    private static boolean deliveredLater(PipelineHook hook) {
        return hook.isUrl() && hook.async();
    }

    /** Writes an outbox entry for each async URL hook among {@code hooks}, to deliver {@code data} once the flow went on. */
    private void enqueueLater(String tenantId, String flowId, HookType type, List<PipelineHook> hooks, JsonNode data) {
        List<String> later = hooks.stream().filter(FlowHooks::deliveredLater).map(PipelineHook::id).toList();
        if (later.isEmpty()) {
            return;
        }
        try {
            outbox.enqueue(tenantId, flowId, type.id(), later, data);
        } catch (RuntimeException e) {
            log.error("cannot write the async {} URL hooks {} of flow {} for tenant {} to the outbox", type.id(), later, flowId,
                    tenantId, e);
        }
    }

    /**
     * The hooks of {@code type}, which cannot block, that are to run after the fact of a change about to be made:
     * those the type runs now, read before the change's transaction opens (so it holds one connection only).
     */
    public AfterTheFact runAfter(String tenantId, String flowId, HookType type) {
        if (type.canBlock()) {
            throw new IllegalArgumentException(type.id() + " hooks can stop a flow: they cannot run after it");
        }
        return new AfterTheFact(tenantId, flowId, type, pipeline.hooksInOrder(tenantId, type).stream().map(PipelineHook::id).toList());
    }

    /** Hooks to run after the fact of one change ({@link #runAfter}); {@link #enqueue} them in its transaction. */
    public final class AfterTheFact {

        private final String tenantId;
        private final String flowId;
        private final HookType type;
        private final List<String> hookIds;

        private AfterTheFact(String tenantId, String flowId, HookType type, List<String> hookIds) {
            this.tenantId = tenantId;
            this.flowId = flowId;
            this.type = type;
            this.hookIds = hookIds;
        }

        /**
         * Writes on {@code handle}, inside the transaction of the change, one outbox entry per hook, to run on
         * {@code data}: delivered once it commits, and never if it rolls back.
         */
        public void enqueue(Handle handle, JsonNode data) {
            outbox.enqueue(handle, tenantId, flowId, type.id(), hookIds, data);
        }
    }

    /**
     * Runs the hook an outbox entry names, as it is deployed now, and records the run. A hook no longer enabled or
     * deployed abandons the entry; a failure, whatever the hook's {@code onError}, is tried again.
     */
    @Override
    public Attempt deliver(OutboxEntry entry) {
        long started = System.nanoTime();
        HookType type = HookTypes.require(entry.type());
        Optional<PipelineHook> hook = pipeline.hooksInOrder(entry.tenantId(), type).stream()
                .filter(candidate -> candidate.id().equals(entry.hookId())).findFirst();
        Attempt attempt = hook.isEmpty()
                ? Attempt.abandoned(null, "the hook was deleted or disabled, or has no deployed version")
                : hook.get().isUrl() ? deliverToUrl(entry, type, hook.get()) : runCode(entry, type, hook.get());
        String kind = hook.map(found -> found.isUrl() ? "url" : "code").orElse("gone");
        String outcome = switch (attempt.result()) {
            case DELIVERED -> "delivered";
            case ABANDONED -> "dead";
            case FAILED -> entry.attempt() >= maxAttempts ? "dead" : "failed";
        };
        Timer.builder("hookbox.outbox.attempts").description("outbox delivery attempts by hook kind and outcome (delivered, failed, dead)")
                .tag("kind", kind).tag("outcome", outcome).register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return attempt;
    }

    private Attempt runCode(OutboxEntry entry, HookType type, PipelineHook hook) {
        PipelineResult result = pipeline.run(entry.tenantId(), type, entry.data(), List.of(hook));
        record(entry.tenantId(), entry.flowId(), type, result.steps());
        RunResult run = result.steps().getFirst().run();
        return run.succeeded() ? Attempt.delivered(null)
                : Attempt.failed(null, run.error().code().name() + ": " + run.error().message());
    }

    /**
     * One attempt at a URL hook's delivery, signed with the entry's id as {@code webhook-id}: any 2xx delivers it (the
     * body is not read); a 410 Gone disables the hook and ends the entry; anything else is a failed attempt.
     */
    private Attempt deliverToUrl(OutboxEntry entry, HookType type, PipelineHook hook) {
        Instant startedAt = Instant.now();
        UrlCall call = pipeline.callUrl(entry.tenantId(), type, hook, entry.id(), entry.createdAt(), entry.data());
        Integer status = call.statusCode();
        boolean delivered = status != null && status >= 200 && status < 300;
        RunResult run = delivered
                ? RunResult.success(entry.data(), List.of(), call.run().durationMs()).withRequests(call.run().requests())
                : call.run();
        record(entry.tenantId(), entry.flowId(), type, List.of(new PipelineStep(hook.id(), hook.name(), null, startedAt, run,
                hook.onError(), false)));
        if (delivered) {
            return Attempt.delivered(status);
        }
        if (call.gone()) {
            String reason = "disabled: its endpoint answered 410 Gone to delivery " + entry.id()
                    + ", asking for no more deliveries; enable the hook again once the endpoint is back";
            pipeline.urlHooks().disableGone(entry.tenantId(), hook.id(), reason);
            return Attempt.abandoned(status, "410 Gone: the hook was " + reason);
        }
        return Attempt.failed(status, run.error().code().name() + ": " + run.error().message());
    }

    private void record(String tenantId, String flowId, HookType type, List<PipelineStep> steps) {
        List<Execution> records = steps.stream().map(step -> execution(flowId, type, step)).toList();
        try {
            executions.record(tenantId, records);
        } catch (RuntimeException e) {
            log.error("cannot record {} hook executions of flow {} for tenant {}", type.id(), flowId, tenantId, e);
        }
    }

    private static Execution execution(String flowId, HookType type, PipelineStep step) {
        RunResult run = step.run();
        return new Execution(RandomTokens.token("exe_", 12), step.hookId(), step.name(), type.id(), flowId, step.startedAt(),
                run.durationMs(), run.status().json(), run.error() == null ? null : run.error().code().name(),
                run.error() == null ? null : run.error().message(), step.continued(), run.console(),
                run.requests(), step.version());
    }
}
