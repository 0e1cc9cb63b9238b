package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.ActionTrigger;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.schema.DataSchema;
import io.hookbox.testrun.Seeds;
import io.hookbox.testrun.TestContexts;
import io.javalin.http.Context;

import java.util.List;

/** {@code GET /api/hook-types}: the hook types and the shape of their data; {@code .../{type}/sample}: a random one. */
final class HookTypeRoutes {

    /** The header that tells which seed generated a sample. */
    static final String SEED_HEADER = "Hookbox-Seed";

    record HookTypeView(String id, String title, String description, boolean canBlock, String defaultOnError,
                        List<String> mayChange, List<String> cannotChange, JsonNode dataSchema, List<String> example,
                        ActionView action) {

        static HookTypeView of(HookType type) {
            return new HookTypeView(type.id(), type.title(), type.description(), type.canBlock(),
                    OnError.defaultFor(type).json(), type.changes().mayChange(), type.changes().cannotChange(),
                    type.dataSchema().json(), type.example(), type.action() == null ? null : ActionView.of(type.action()));
        }
    }

    /** How Auth0 code runs as the type: the Action handler, whether Rules run, the event's schema and the api. */
    record ActionView(String handler, boolean rules, JsonNode eventSchema, JsonNode api, List<String> unsupportedApi,
                      JsonNode ruleContextSchema) {

        static ActionView of(ActionTrigger action) {
            return new ActionView(action.handler(), action.rules(), DataSchema.of("event of " + action.handler(),
                    action.eventShape()).json(), action.apiJson(), ActionTrigger.UNSUPPORTED_API,
                    action.rules() ? DataSchema.of("context of a Rule", action.ruleContextShape()).json() : null);
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
