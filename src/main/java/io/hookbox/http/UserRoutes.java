package io.hookbox.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.auth.UserManagement;
import io.hookbox.auth.Users;
import io.hookbox.hooks.data.StoredUser;
import io.javalin.http.Context;

/** {@code /api/users}: the tenant's users, in the shape hooks see them, never with a password hash. */
final class UserRoutes {

    private final Users users;
    private final UserManagement management;

    UserRoutes(Users users, UserManagement management) {
        this.users = users;
        this.management = management;
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
        ctx.json(management.update(Authentication.tenantId(ctx), ctx.pathParam("id"), changes, RequestInfos.of(ctx, changes)).toJson());
    }

    void delete(Context ctx) {
        management.delete(Authentication.tenantId(ctx), ctx.pathParam("id"), RequestInfos.of(ctx, null));
        ctx.status(204);
    }
}
