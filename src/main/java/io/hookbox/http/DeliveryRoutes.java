package io.hookbox.http;

import io.hookbox.outbox.DeliveryQuery;
import io.hookbox.outbox.DeliveryStatus;
import io.hookbox.outbox.Outbox;
import io.javalin.http.Context;

/** {@code /api/deliveries}: the after-the-fact hook runs of the outbox, newest first, and a retry of one. */
final class DeliveryRoutes {

    private final Outbox outbox;

    DeliveryRoutes(Outbox outbox) {
        this.outbox = outbox;
    }

    void list(Context ctx) {
        String status = ctx.queryParam("status");
        DeliveryQuery query = new DeliveryQuery(ctx.queryParam("hookId"), status == null ? null : DeliveryStatus.parse(status),
                QueryParams.intParam(ctx, "limit", DeliveryQuery.DEFAULT_LIMIT));
        ctx.json(outbox.list(Authentication.tenantId(ctx), query));
    }

    void get(Context ctx) {
        ctx.json(outbox.get(Authentication.tenantId(ctx), ctx.pathParam("id")));
    }

    void retry(Context ctx) {
        ctx.status(202).json(outbox.retry(Authentication.tenantId(ctx), ctx.pathParam("id")));
    }
}
