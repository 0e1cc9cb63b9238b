package io.hookbox.http;

import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RuntimeStatus;
import io.javalin.http.Context;

/** {@code GET /health}: 200 while at least one worker can run hooks, 503 otherwise. */
final class HealthRoutes {

    record Health(String status, RuntimeStatus runtime) {
    }

    private final HookRuntime runtime;

    HealthRoutes(HookRuntime runtime) {
        this.runtime = runtime;
    }

    void health(Context ctx) {
        RuntimeStatus status = runtime.status();
        boolean up = status.workersReady() > 0;
        ctx.status(up ? 200 : 503).json(new Health(up ? "ok" : "unavailable", status));
    }
}
