package io.hookbox.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.auth.Users;
import io.hookbox.hooks.data.StoredUser;
import io.javalin.http.Context;

/** {@code /api/users}: the tenant's users, in the shape hooks see them, never with a password hash. */
final class UserRoutes {

    private final Users users;

    UserRoutes(Users users) {
        this.users = users;
    }

    void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", Users.DEFAULT_LIST_LIMIT);
        ctx.json(users.list(Authentication.tenantId(ctx), ctx.queryParam("email"), limit).stream().map(StoredUser::toJson).toList());
    }

    void get(Context ctx) {
        ctx.json(users.get(Authentication.tenantId(ctx), ctx.pathParam("id")).toJson());
    }

    void patch(Context ctx) {
        ObjectNode changes = JsonBodies.read(ctx, ObjectNode.class);
        ctx.json(users.patch(Authentication.tenantId(ctx), ctx.pathParam("id"), changes).toJson());
    }

    void delete(Context ctx) {
        users.delete(Authentication.tenantId(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }
}
