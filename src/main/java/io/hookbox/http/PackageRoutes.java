package io.hookbox.http;

import io.hookbox.packages.PackageService;
import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code /api/packages/search} and {@code /api/hooks/{id}/packages}: npm packages in hooks. */
final class PackageRoutes {

    record PackageBody(String range) {
    }

    private final PackageService packages;

    PackageRoutes(PackageService packages) {
        this.packages = packages;
    }

    void search(Context ctx) {
        ctx.json(packages.search(ctx.queryParam("q"), QueryParams.intParam(ctx, "size", 20)));
    }

    void list(Context ctx) {
        ctx.json(packages.list(Authentication.tenantId(ctx), ctx.pathParam("id")));
    }

    void put(Context ctx) {
        PackageBody body = ctx.body().isBlank() ? new PackageBody(null) : JsonBodies.read(ctx, PackageBody.class);
        ctx.json(packages.put(Authentication.tenantId(ctx), ctx.pathParam("id"), name(ctx), body.range(), Authentication.keyId(ctx)));
    }

    void delete(Context ctx) {
        packages.remove(Authentication.tenantId(ctx), ctx.pathParam("id"), name(ctx), Authentication.keyId(ctx));
        ctx.status(204);
    }

    /** Scoped names come URL-encoded in one segment ({@code @scope%2Fname}). */
    private static String name(Context ctx) {
        return URLDecoder.decode(ctx.pathParam("name"), StandardCharsets.UTF_8);
    }
}
