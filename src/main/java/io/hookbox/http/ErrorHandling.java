package io.hookbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookbox.errors.HookboxException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The one place where failures become HTTP answers; nothing reaches a client as a bare 500 page. */
final class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(HookboxException.class, (e, ctx) -> {
            if (e.details().get("retryAfterSeconds") instanceof Long seconds) {
                ctx.header("Retry-After", String.valueOf(seconds));
            }
            answer(ctx, status(e.kind()), e.code(), e.getMessage(), e.details());
        });
        routes.exception(JsonProcessingException.class, (e, ctx) -> {
            HookboxException invalid = JsonBodies.invalidBody(e);
            answer(ctx, 400, invalid.code(), invalid.getMessage(), invalid.details());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), codeFor(e.getStatus()),
                messageFor(e), Map.of()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal_error", "hookbox failed to handle this request; the error was logged", Map.of());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                answer(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), Map.of());
            }
        });
        routes.error(405, ctx -> answer(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), Map.of()));
    }

    static void answer(Context ctx, int status, String code, String message, Map<String, ?> details) {
        ctx.status(status).json(new ErrorBody(code, message, details));
    }

    static int status(HookboxException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_MANY_REQUESTS -> 429;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case MISDIRECTED -> 421;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
            case BAD_GATEWAY -> 502;
        };
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    private static String messageFor(HttpResponseException e) {
        if (e.getStatus() == 413) {
            return "the request body is too large";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "request failed" : e.getMessage();
    }
}
