package io.hookbox.http;

import io.hookbox.hooks.HookSecrets;
import io.javalin.http.Context;

/** {@code /api/hooks/{id}/secrets}: a hook's secrets, listed by name; values are written, never read. */
final class SecretRoutes {

    record SecretBody(String value) {
    }

    private final HookSecrets secrets;

    SecretRoutes(HookSecrets secrets) {
        this.secrets = secrets;
    }

    void list(Context ctx) {
        ctx.json(secrets.list(Authentication.tenantId(ctx), ctx.pathParam("id")));
    }

    void put(Context ctx) {
        SecretBody body = JsonBodies.read(ctx, SecretBody.class);
        ctx.json(secrets.put(Authentication.tenantId(ctx), ctx.pathParam("id"), ctx.pathParam("name"), body.value(),
                Authentication.keyId(ctx)));
    }

    void delete(Context ctx) {
        secrets.delete(Authentication.tenantId(ctx), ctx.pathParam("id"), ctx.pathParam("name"), Authentication.keyId(ctx));
        ctx.status(204);
    }
}
