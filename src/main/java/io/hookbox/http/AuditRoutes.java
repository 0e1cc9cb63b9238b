package io.hookbox.http;

import io.hookbox.audit.AuditTrail;
import io.javalin.http.Context;

/** {@code GET /api/audit}: changes to the tenant's configuration, newest first. */
final class AuditRoutes {

    private final AuditTrail audit;

    AuditRoutes(AuditTrail audit) {
        this.audit = audit;
    }

    void list(Context ctx) {
        ctx.json(audit.list(Authentication.tenantId(ctx), QueryParams.intParam(ctx, "limit", AuditTrail.DEFAULT_LIMIT),
                QueryParams.instantParam(ctx, "before"), ctx.queryParam("beforeId")));
    }
}
