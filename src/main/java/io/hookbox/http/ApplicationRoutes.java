package io.hookbox.http;

import io.hookbox.auth.Applications;
import io.hookbox.auth.ClientType;
import io.hookbox.auth.GrantType;
import io.javalin.http.Context;

import java.util.List;

/** {@code /api/applications}: the tenant's OAuth clients. */
final class ApplicationRoutes {

    record NewApplicationBody(String name, List<GrantType> grantTypes, ClientType type, List<String> scopes) {
    }

    private final Applications applications;

    ApplicationRoutes(Applications applications) {
        this.applications = applications;
    }

    void create(Context ctx) {
        NewApplicationBody body = JsonBodies.read(ctx, NewApplicationBody.class);
        ctx.status(201).json(applications.create(Authentication.tenantId(ctx), body.name(), body.grantTypes(),
                body.type(), body.scopes(), Authentication.keyId(ctx)));
    }

    void list(Context ctx) {
        ctx.json(applications.list(Authentication.tenantId(ctx)));
    }

    void get(Context ctx) {
        ctx.json(applications.get(Authentication.tenantId(ctx), ctx.pathParam("clientId")));
    }

    void patch(Context ctx) {
        Applications.Changes changes = JsonBodies.read(ctx, Applications.Changes.class);
        ctx.json(applications.update(Authentication.tenantId(ctx), ctx.pathParam("clientId"), changes, Authentication.keyId(ctx)));
    }

    void delete(Context ctx) {
        applications.delete(Authentication.tenantId(ctx), ctx.pathParam("clientId"), Authentication.keyId(ctx));
        ctx.status(204);
    }
}
