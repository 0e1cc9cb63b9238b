package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.testrun.Seeds;
import io.hookbox.testrun.TestContexts;
import io.javalin.http.Context;

import java.util.List;

/** {@code GET /api/hook-types}: the hook types and the shape of their data; {@code .../{type}/sample}: a random one. */
final class HookTypeRoutes {

    /** The header that tells which seed generated a sample. */
    static final String SEED_HEADER = "Hookbox-Seed";

    record HookTypeView(String id, String title, String description, boolean canBlock, String defaultOnError,
                        List<String> mayChange, List<String> cannotChange, JsonNode dataSchema, List<String> example) {

        static HookTypeView of(HookType type) {
            return new HookTypeView(type.id(), type.title(), type.description(), type.canBlock(),
                    OnError.defaultFor(type).json(), type.changes().mayChange(), type.changes().cannotChange(),
                    type.dataSchema().json(), type.example());
        }
    }

    void list(Context ctx) {
        ctx.json(HookTypes.all().stream().map(HookTypeView::of).toList());
    }

    void sample(Context ctx) {
        HookType type = HookTypes.require(ctx.pathParam("type"));
        long seed = Seeds.fromText(ctx.queryParam("seed"));
        ctx.header(SEED_HEADER, Long.toString(seed)).json(TestContexts.generate(type, seed));
    }
}
