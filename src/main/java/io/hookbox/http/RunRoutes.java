package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.Hook;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.HookTypeCheck;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.javalin.http.Context;

/** {@code POST /api/run} runs a hook's source against the given data; {@code POST /api/hooks/{id}/run} a stored hook. */
final class RunRoutes {

    record RunBody(String type, String content, JsonNode context) {
    }

    record StoredRunBody(JsonNode context) {
    }

    private final HookRuntime runtime;
    private final HookService hooks;

    RunRoutes(HookRuntime runtime, HookService hooks) {
        this.runtime = runtime;
        this.hooks = hooks;
    }

    void run(Context ctx) {
        RunBody body = JsonBodies.read(ctx, RunBody.class);
        HookTypeCheck.require(body.type());
        if (body.content() == null) {
            throw HookboxException.invalid("field 'content' is required: the hook's JavaScript source");
        }
        JsonNode data = data(body.context());
        answer(ctx, runtime.run(new RunRequest(Authentication.tenantId(ctx), body.content(), data)));
    }

    void runStored(Context ctx) {
        StoredRunBody body = JsonBodies.read(ctx, StoredRunBody.class);
        JsonNode data = data(body.context());
        String tenantId = Authentication.tenantId(ctx);
        Hook hook = hooks.get(tenantId, ctx.pathParam("id"));
        answer(ctx, runtime.run(new RunRequest(tenantId, hook.content(), data)));
    }

    /** The hook's {@code data}: the request's {@code context}, {@code {}} when left out. */
    private static JsonNode data(JsonNode context) {
        if (context == null || context.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!context.isObject()) {
            throw HookboxException.invalid("field 'context' must be a JSON object");
        }
        return context;
    }

    /** A run's result is 200 whatever the hook did; only a full queue is 503, so clients know to retry. */
    static void answer(Context ctx, RunResult result) {
        if (result.errorCode() == ErrorCode.BUSY) {
            ctx.header("Retry-After", "1").status(503);
        }
        ctx.json(result);
    }
}
