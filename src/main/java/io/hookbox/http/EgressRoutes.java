package io.hookbox.http;

import io.hookbox.egress.EgressSettings;
import io.javalin.http.Context;

/** {@code GET/PUT /api/settings/egress}: the tenant's own allow-list for its hooks' requests. */
final class EgressRoutes {

    private final EgressSettings settings;

    EgressRoutes(EgressSettings settings) {
        this.settings = settings;
    }

    void get(Context ctx) {
        ctx.json(settings.get(Authentication.tenantId(ctx)));
    }

    void put(Context ctx) {
        EgressSettings.Settings body = JsonBodies.read(ctx, EgressSettings.Settings.class);
        ctx.json(settings.put(Authentication.tenantId(ctx), body, Authentication.keyId(ctx)));
    }
}
