package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.HookTypes;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.javalin.http.Context;

/** {@code POST /api/run}: runs a hook's source against the given data. */
final class RunRoutes {

    record RunBody(String type, String content, JsonNode context) {
    }

    private final HookRuntime runtime;

    RunRoutes(HookRuntime runtime) {
        this.runtime = runtime;
    }

    void run(Context ctx) {
        RunBody body = JsonBodies.read(ctx, RunBody.class);
        HookTypes.require(body.type());
        if (body.content() == null) {
            throw HookboxException.invalid("field 'content' is required: the hook's JavaScript source");
        }
        if (body.context() != null && !body.context().isObject() && !body.context().isNull()) {
            throw HookboxException.invalid("field 'context' must be a JSON object");
        }
        JsonNode data = body.context() == null || body.context().isNull() ? JsonNodeFactory.instance.objectNode() : body.context();
        answer(ctx, runtime.run(new RunRequest(null, body.content(), data)));
    }

    /** A run's result is 200 whatever the hook did; only a full queue is 503, so clients know to retry. */
    static void answer(Context ctx, RunResult result) {
        if (result.errorCode() == ErrorCode.BUSY) {
            ctx.header("Retry-After", "1").status(503);
        }
        ctx.json(result);
    }
}
