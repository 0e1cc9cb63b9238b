package io.hookbox.http;

import io.hookbox.executions.ExecutionLog;
import io.hookbox.executions.ExecutionQuery;
import io.javalin.http.Context;

/** {@code GET /api/executions}: the hooks that ran in real flows, newest first. */
final class ExecutionRoutes {

    private final ExecutionLog executions;

    ExecutionRoutes(ExecutionLog executions) {
        this.executions = executions;
    }

    void list(Context ctx) {
        ExecutionQuery query = new ExecutionQuery(ctx.queryParam("hookId"), ctx.queryParam("type"), ctx.queryParam("status"),
                QueryParams.intParam(ctx, "limit", ExecutionQuery.DEFAULT_LIMIT));
        ctx.json(executions.list(Authentication.tenantId(ctx), query));
    }
}
