package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.testrun.TestRuns;
import io.javalin.http.Context;

/**
 * Test runs: {@code POST /api/run} runs a hook's source, {@code POST /api/pipelines/{type}/run} the tenant's hooks
 * of a type, each against a random context of the type's shape.
 */
final class RunRoutes {

    record RunBody(String type, String content, JsonNode seed, JsonNode context) {
    }

    record PipelineRunBody(JsonNode seed, JsonNode context) {
    }

    private final TestRuns testRuns;

    RunRoutes(TestRuns testRuns) {
        this.testRuns = testRuns;
    }

    void run(Context ctx) {
        RunBody body = JsonBodies.read(ctx, RunBody.class);
        TestRuns.HookTestRun run = testRuns.hook(null, body.type(), body.content(), body.seed(), body.context());
        answer(ctx, run, run.run().errorCode());
    }

    void runPipeline(Context ctx) {
        PipelineRunBody body = JsonBodies.read(ctx, PipelineRunBody.class);
        TestRuns.PipelineTestRun run = testRuns.pipeline(null, ctx.pathParam("type"), body.seed(), body.context());
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
