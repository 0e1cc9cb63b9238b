package io.hookbox.http;

import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RuntimeStatus;
import io.javalin.http.Context;

/**
 * Health for operators and load balancers. {@code GET /health}: 200 while at least one production worker can run
 * hooks. {@code GET /health/live}: 200 while the server answers at all. {@code GET /health/ready}: 200 only once the
 * workers the server started with have warmed up and while each lane callers use (production and test) can serve,
 * 503 otherwise.
 */
final class HealthRoutes {

    record Health(String status, RuntimeStatus runtime) {
    }

    record Liveness(String status) {
    }

    private final HookRuntime runtime;

    HealthRoutes(HookRuntime runtime) {
        this.runtime = runtime;
    }

    void health(Context ctx) {
        RuntimeStatus status = runtime.status();
        answer(ctx, status.workersReady() > 0, status);
    }

    void live(Context ctx) {
        ctx.json(new Liveness("ok"));
    }

    void ready(Context ctx) {
        RuntimeStatus status = runtime.status();
        answer(ctx, status.ready(), status);
    }

    private static void answer(Context ctx, boolean up, RuntimeStatus status) {
        ctx.status(up ? 200 : 503).json(new Health(up ? "ok" : "unavailable", status));
    }
}
