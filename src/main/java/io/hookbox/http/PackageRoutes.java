package io.hookbox.http;

import io.hookbox.errors.HookboxException;
import io.hookbox.packages.PackageService;
import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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
        if (NdjsonStream.wanted(ctx)) {
            putStreaming(ctx, body);
            return;
        }
        ctx.json(packages.put(Authentication.tenantId(ctx), ctx.pathParam("id"), name(ctx), body.range(), Authentication.keyId(ctx)));
    }

    /**
     * The same install with its log as it happens: one {@code {"log": line}} object per line, then
     * {@code {"result": installation}}, or {@code {"error": {...}, "status": n}} when it fails after the first line
     * (a failure before any line is an ordinary error answer).
     */
    private void putStreaming(Context ctx, PackageBody body) {
        NdjsonStream stream = new NdjsonStream(ctx);
        try {
            PackageService.Installation installed = packages.put(Authentication.tenantId(ctx), ctx.pathParam("id"), name(ctx),
                    body.range(), Authentication.keyId(ctx), line -> stream.write(Map.of("log", line)));
            stream.write(Map.of("result", installed));
        } catch (HookboxException e) {
            if (!stream.started()) {
                throw e;
            }
            stream.write(Map.of("error", new ErrorBody(e.code(), e.getMessage(), e.details()), "status", ErrorHandling.status(e.kind())));
        }
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
