package io.hookbox.testrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.Hook;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.pipeline.HookSource;
import io.hookbox.pipeline.PipelineResult;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.sandbox.RunResult;
import io.hookbox.secrets.RandomTokens;

import java.time.Instant;
import java.util.Map;

/**
 * Test runs: a hook, or a tenant's whole pipeline of a type, against a random context of the type's real shape
 * (reproducible from its seed, with the fields a tenant pins merged over it). They run through the same pipeline
 * runner, sandbox and limits as real flows, and change nothing stored. Thread-safe.
 */
public final class TestRuns {

    /**
     * A hook's test run: its outcome, the data it received and the seed that generated that data; for a stored hook
     * also its {@code onError} policy and {@code continued}: whether a real flow would go on past this failure.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HookTestRun(@JsonUnwrapped RunResult run, JsonNode input, long seed, OnError onError, boolean continued) {
    }

    /** A pipeline's test run: its outcome, the data its first hook received and the seed that generated it. */
    public record PipelineTestRun(String type, long seed, JsonNode input, @JsonUnwrapped PipelineResult outcome) {
    }

    public static final String DRAFT = "draft";
    public static final String DEPLOYED = "deployed";

    private final PipelineRunner runner;
    private final HookSource deployed;

    /** {@code runner}: runs drafts; {@code deployed}: the hooks real flows run, for runs asked to use them. */
    public TestRuns(PipelineRunner runner, HookSource deployed) {
        this.runner = runner;
        this.deployed = deployed;
    }

    /**
     * Runs {@code content} as a hook of type {@code typeId}. {@code seed}: a JSON integer, or null for a random one;
     * {@code context}: a JSON object to pin fields of the random context, or null.
     */
    public HookTestRun hook(String tenantId, String typeId, String content, JsonNode seed, JsonNode context) {
        return draft(tenantId, typeId, content, seed, context, HookPackages.NONE, Map.of());
    }

    /**
     * As {@link #hook(String, String, String, JsonNode, JsonNode)}, with the npm packages the unsaved code may require
     * and the secrets it reads (test values, never stored).
     */
    public HookTestRun draft(String tenantId, String typeId, String content, JsonNode seed, JsonNode context,
                             HookPackages packages, Map<String, String> secrets) {
        requireContent(content);
        HookType type = HookTypes.require(typeId);
        long chosenSeed = Seeds.fromJson(seed);
        JsonNode input = TestContexts.input(type, chosenSeed, context);
        return outcome(new PipelineHook(null, null, content, null, null), chosenSeed, input,
                runner.runHook(tenantId, type, null, null, content, input, packages, secrets));
    }

    /** As {@link #hook(String, String, String, JsonNode, JsonNode)}, for the stored hook {@code hook} with its packages. */
    public HookTestRun stored(String tenantId, Hook hook, JsonNode seed, JsonNode context) {
        HookType type = HookTypes.require(hook.type());
        long chosenSeed = Seeds.fromJson(seed);
        JsonNode input = TestContexts.input(type, chosenSeed, context);
        PipelineHook step = HookService.pipelineHook(hook);
        return outcome(step, chosenSeed, input, step.isUrl()
                ? runner.callUrl(tenantId, type, step, RandomTokens.token("msg_", 12), Instant.now(), input).run()
                : runner.runHook(tenantId, type, hook.id(), hook.name(), hook.content(), input));
    }

    private static HookTestRun outcome(PipelineHook hook, long seed, JsonNode input, RunResult run) {
        return new HookTestRun(run, input, seed, hook.onError(),
                !run.succeeded() && hook.onError() == OnError.CONTINUE);
    }

    /**
     * Runs the tenant's enabled hooks of type {@code typeId} in order, as a flow would: their drafts when {@code use} is
     * null or {@code "draft"}, the deployed versions real flows run when it is {@code "deployed"}; seed and context as
     * for {@link #hook}.
     */
    public PipelineTestRun pipeline(String tenantId, String typeId, JsonNode seed, JsonNode context, String use) {
        HookType type = HookTypes.require(typeId);
        if (use != null && !use.equals(DRAFT) && !use.equals(DEPLOYED)) {
            throw HookboxException.invalid("field 'use' must be \"" + DRAFT + "\" or \"" + DEPLOYED + "\", not \"" + use + "\"",
                    Map.of("field", "use"));
        }
        long chosenSeed = Seeds.fromJson(seed);
        JsonNode input = TestContexts.input(type, chosenSeed, context);
        PipelineResult outcome = DEPLOYED.equals(use)
                ? runner.run(tenantId, type, input, deployed.hooksInOrder(tenantId, type.id()))
                : runner.run(tenantId, type, input);
        return new PipelineTestRun(type.id(), chosenSeed, input, outcome);
    }

    private static void requireContent(String content) {
        if (content == null) {
            throw HookboxException.invalid("field 'content' is required: the hook's JavaScript source", Map.of("field", "content"));
        }
    }
}
