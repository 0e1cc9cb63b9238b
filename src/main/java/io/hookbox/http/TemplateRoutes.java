package io.hookbox.http;

import io.hookbox.templates.HookTemplates;
import io.javalin.http.Context;

/** {@code GET /api/templates}: the ready-made hooks a new hook may start from. */
final class TemplateRoutes {

    void list(Context ctx) {
        ctx.json(HookTemplates.all());
    }
}
