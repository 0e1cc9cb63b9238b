package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.Hook;
import io.hookbox.hooks.HookSecrets;
import io.hookbox.hooks.HookService;
import io.hookbox.packages.PackageService;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.testrun.TestRuns;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Test runs against a random context of the type's shape: {@code POST /api/run} runs a hook's source,
 * {@code POST /api/hooks/{id}/run} a stored hook, {@code POST /api/pipelines/{type}/run} the tenant's enabled hooks
 * of a type in order.
 */
final class RunRoutes {

    record RunBody(String type, String content, JsonNode seed, JsonNode context, JsonNode packages, Map<String, String> secrets) {
    }

    record StoredRunBody(String type, JsonNode seed, JsonNode context) {
    }

    record PipelineRunBody(JsonNode seed, JsonNode context, String use) {
    }

    private final TestRuns testRuns;
    private final HookService hooks;
    private final PackageService packages;

    RunRoutes(TestRuns testRuns, HookService hooks, PackageService packages) {
        this.testRuns = testRuns;
        this.hooks = hooks;
        this.packages = packages;
    }

    void run(Context ctx) {
        RunBody body = JsonBodies.read(ctx, RunBody.class);
        HookPackages draftPackages = packages.forDraft(PackageRequests.read(body.packages()));
        TestRuns.HookTestRun run = testRuns.draft(Authentication.tenantId(ctx), body.type(), body.content(), body.seed(),
                body.context(), draftPackages, HookSecrets.checkedTestValues(body.secrets()));
        answer(ctx, run, run.run().errorCode());
    }

    void runStored(Context ctx) {
        StoredRunBody body = JsonBodies.read(ctx, StoredRunBody.class);
        String tenantId = Authentication.tenantId(ctx);
        Hook hook = hooks.get(tenantId, ctx.pathParam("id"));
        if (body.type() != null && !body.type().equals(hook.type())) {
            throw new HookboxException(HookboxException.Kind.INVALID, "type_mismatch",
                    "hook " + hook.id() + " is a " + hook.type() + " hook, not " + body.type(),
                    Map.of("type", hook.type()));
        }
        TestRuns.HookTestRun run = testRuns.stored(tenantId, hook, body.seed(), body.context());
        answer(ctx, run, run.run().errorCode());
    }

    void runPipeline(Context ctx) {
        PipelineRunBody body = JsonBodies.read(ctx, PipelineRunBody.class);
        TestRuns.PipelineTestRun run = testRuns.pipeline(Authentication.tenantId(ctx), ctx.pathParam("type"), body.seed(), body.context(),
                body.use());
        answer(ctx, run, run.outcome().errorCode());
    }

    /** A run's answer is 200 whatever the hooks did; only a full queue is 503, so clients know to retry. */
    private static void answer(Context ctx, Object run, ErrorCode errorCode) {
        if (errorCode == ErrorCode.BUSY) {
            ctx.header("Retry-After", "1").status(503);
        }
        ctx.json(run);
    }
}
