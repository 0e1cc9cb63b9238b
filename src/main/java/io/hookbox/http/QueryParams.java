package io.hookbox.http;

import io.hookbox.errors.HookboxException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /** A path parameter that must be an integer; a 404 otherwise, as for any path that names nothing. */
    static int pathInt(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw HookboxException.notFound("no " + name + " '" + value + "'");
        }
    }

    /** An ISO-8601 instant such as {@code 2026-01-31T12:00:00Z}, or null when the parameter is left out. */
    static Instant instantParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw HookboxException.invalid("query parameter '" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-01-31T12:00:00Z, not '" + value + "'", Map.of("parameter", name));
        }
    }
}
