package io.hookbox.http;

import io.hookbox.errors.HookboxException;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.KeyOwner;
import io.hookbox.tenants.TenantService;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Runs before every matched {@code /api} route: the bearer key must be a tenant's key (the tenant is then
 * the one the request acts for) or, on admin routes, the admin key. Anything else is 401.
 */
final class Authentication {

    private static final String OWNER_ATTRIBUTE = "hookbox.keyOwner";
    private static final String BEARER = "bearer ";

    private final TenantService tenants;
    private final AdminAccess admin;

    Authentication(TenantService tenants, AdminAccess admin) {
        this.tenants = tenants;
        this.admin = admin;
    }

    void authenticate(Context ctx) {
        String key = bearerKey(ctx);
        if (ctx.routeRoles().contains(ApiRole.ADMIN)) {
            if (!admin.permits(key)) {
                throw unauthorized(ctx, key == null ? "this route needs Authorization: Bearer <admin key>" : "the admin key is not valid");
            }
            return;
        }
        KeyOwner owner = tenants.authenticate(key).orElseThrow(() -> unauthorized(ctx,
                key == null ? "this route needs Authorization: Bearer <api key>" : "the API key is not valid"));
        ctx.attribute(OWNER_ATTRIBUTE, owner);
    }

    /** The tenant the current request acts for; set by {@link #authenticate}. */
    static String tenantId(Context ctx) {
        return owner(ctx).tenantId();
    }

    /** The id of the API key the current request came with, for the audit trail; set by {@link #authenticate}. */
    static String keyId(Context ctx) {
        return owner(ctx).keyId();
    }

    private static KeyOwner owner(Context ctx) {
        KeyOwner owner = ctx.attribute(OWNER_ATTRIBUTE);
        if (owner == null) {
            throw new IllegalStateException("no tenant on " + ctx.path() + ": the route is not behind authentication");
        }
        return owner;
    }

    private static String bearerKey(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String key = header.substring(BEARER.length()).trim();
        return key.isEmpty() ? null : key;
    }

    private static HookboxException unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new HookboxException(HookboxException.Kind.UNAUTHORIZED, "unauthorized", message, Map.of());
    }
}
