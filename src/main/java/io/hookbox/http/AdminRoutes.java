package io.hookbox.http;

import io.hookbox.auth.SigningKeys;
import io.hookbox.errors.HookboxException;
import io.hookbox.tenants.TenantService;
import io.javalin.http.Context;

/** {@code /api/admin/tenants}: tenants, their API keys and signing keys, for the holder of the admin key. */
final class AdminRoutes {

    record NewTenant(String id, String name) {
    }

    private final TenantService tenants;
    private final SigningKeys signingKeys;

    AdminRoutes(TenantService tenants, SigningKeys signingKeys) {
        this.tenants = tenants;
        this.signingKeys = signingKeys;
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

    void rotateSigningKey(Context ctx) {
        String tenantId = ctx.pathParam("tenantId");
        if (!tenants.exists(tenantId)) {
            throw HookboxException.notFound("no tenant '" + tenantId + "'");
        }
        ctx.json(signingKeys.rotate(tenantId));
    }
}
