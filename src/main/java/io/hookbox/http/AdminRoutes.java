package io.hookbox.http;

import io.hookbox.tenants.TenantService;
import io.javalin.http.Context;

/** {@code /api/admin/tenants}: tenants and their API keys, for the holder of the admin key. */
final class AdminRoutes {

    record NewTenant(String id, String name) {
    }

    private final TenantService tenants;

    AdminRoutes(TenantService tenants) {
        this.tenants = tenants;
    }

    void createTenant(Context ctx) {
        NewTenant tenant = JsonBodies.read(ctx, NewTenant.class);
        ctx.status(201).json(tenants.create(tenant.id(), tenant.name()));
    }

    void listTenants(Context ctx) {
        ctx.json(tenants.list());
    }

    void deleteTenant(Context ctx) {
        tenants.delete(ctx.pathParam("tenantId"));
        ctx.status(204);
    }

    void issueKey(Context ctx) {
        ctx.status(201).json(tenants.issueKey(ctx.pathParam("tenantId")));
    }

    void revokeKey(Context ctx) {
        tenants.revokeKey(ctx.pathParam("tenantId"), ctx.pathParam("keyId"));
        ctx.status(204);
    }
}
