package io.hookbox.http;

import io.hookbox.hooks.HookPatch;
import io.hookbox.hooks.HookService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.NewHook;
import io.hookbox.packages.HooksWithPackages;
import io.hookbox.urlhooks.UrlHookKeys;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/hooks}: the tenant's stored hooks, their order, deploys and version history. */
final class HookRoutes {

    record OrderBody(String type, List<String> ids) {
    }

    record MoveBody(Integer position) {
    }

    record DeployBody(String note, Long version) {
    }

    private final HookService hooks;
    private final HooksWithPackages saving;
    private final UrlHookKeys urlHookKeys;

    HookRoutes(HookService hooks, HooksWithPackages saving, UrlHookKeys urlHookKeys) {
        this.hooks = hooks;
        this.saving = saving;
        this.urlHookKeys = urlHookKeys;
    }

    void list(Context ctx) {
        ctx.json(hooks.list(Authentication.tenantId(ctx), Optional.ofNullable(ctx.queryParam("type"))));
    }

    void get(Context ctx) {
        ctx.json(hooks.get(Authentication.tenantId(ctx), ctx.pathParam("id")));
    }

    void create(Context ctx) {
        ObjectNode body = JsonBodies.read(ctx, ObjectNode.class);
        Map<String, String> packages = PackageRequests.read(body.remove("packages"));
        NewHook hook = JsonBodies.convert(body, NewHook.class);
        if (hook.isUrl() && !packages.isEmpty()) {
            throw HookboxException.invalid("a URL hook has no code, so no npm packages", Map.of("field", "packages"));
        }
        ctx.status(201).json(hook.isUrl()
                ? hooks.createUrlHook(Authentication.tenantId(ctx), hook, Authentication.keyId(ctx))
                : saving.create(Authentication.tenantId(ctx), hook, packages, Authentication.keyId(ctx)));
    }

    void rotateSigningSecret(Context ctx) {
        ctx.json(urlHookKeys.rotate(Authentication.tenantId(ctx), ctx.pathParam("id"), Authentication.keyId(ctx)));
    }

    void patch(Context ctx) {
        HookPatch patch = JsonBodies.read(ctx, HookPatch.class);
        ctx.json(saving.patch(Authentication.tenantId(ctx), ctx.pathParam("id"), patch, Authentication.keyId(ctx)));
    }

    void delete(Context ctx) {
        hooks.delete(Authentication.tenantId(ctx), ctx.pathParam("id"), Authentication.keyId(ctx));
        ctx.status(204);
    }

    void reorder(Context ctx) {
        OrderBody order = JsonBodies.read(ctx, OrderBody.class);
        ctx.json(hooks.reorder(Authentication.tenantId(ctx), order.type(), order.ids(), Authentication.keyId(ctx)));
    }

    void move(Context ctx) {
        MoveBody move = JsonBodies.read(ctx, MoveBody.class);
        ctx.json(hooks.move(Authentication.tenantId(ctx), ctx.pathParam("id"), move.position(), Authentication.keyId(ctx)));
    }

    void deploy(Context ctx) {
        DeployBody body = JsonBodies.readOptional(ctx, DeployBody.class, new DeployBody(null, null));
        ctx.json(hooks.deploy(Authentication.tenantId(ctx), ctx.pathParam("id"), body.note(), body.version(), Authentication.keyId(ctx)));
    }

    void versions(Context ctx) {
        ctx.json(hooks.versions(Authentication.tenantId(ctx), ctx.pathParam("id")));
    }

    void version(Context ctx) {
        ctx.json(hooks.version(Authentication.tenantId(ctx), ctx.pathParam("id"), QueryParams.pathInt(ctx, "number")));
    }

    void redeploy(Context ctx) {
        DeployBody body = JsonBodies.readOptional(ctx, DeployBody.class, new DeployBody(null, null));
        ctx.json(hooks.redeploy(Authentication.tenantId(ctx), ctx.pathParam("id"), QueryParams.pathInt(ctx, "number"), body.note(),
                Authentication.keyId(ctx)));
    }
}
