package io.hookbox.http;

import io.hookbox.errors.HookboxException;
import io.javalin.http.Context;

import java.util.Map;

/** Typed query parameters, with a 400 that names the parameter when one is malformed. */
final class QueryParams {

    private QueryParams() {
    }

    static int intParam(Context ctx, String name, int defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw HookboxException.invalid("query parameter '" + name + "' must be an integer, not '" + value + "'",
                    Map.of("parameter", name));
        }
    }
}
