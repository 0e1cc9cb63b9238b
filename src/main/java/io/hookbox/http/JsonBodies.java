package io.hookbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hookbox.errors.HookboxException;
import io.javalin.http.Context;

import java.util.Map;
import java.util.stream.Collectors;

/** Reads a request's JSON body into a record, answering 415 for another media type and 400 for bad JSON. */
final class JsonBodies {

    private JsonBodies() {
    }

    static <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !isJson(contentType)) {
            throw new HookboxException(HookboxException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "the request body must be JSON (Content-Type: application/json)", null);
        }
        String body = ctx.body();
        if (body.isBlank()) {
            throw HookboxException.invalid("the request body is empty; a JSON object is expected");
        }
        try {
            T value = ApiJson.MAPPER.readValue(body, type);
            if (value == null) {
                throw HookboxException.invalid("the request body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw HookboxException.invalid("unknown field '" + path(e) + "'; known fields: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")),
                    Map.of("field", path(e)));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw HookboxException.invalid((field.isEmpty() ? "the request body" : "field '" + field + "'")
                    + " has the wrong type or value: " + firstLine(e.getOriginalMessage()),
                    field.isEmpty() ? Map.of() : Map.of("field", field));
        } catch (JsonProcessingException e) {
            throw HookboxException.invalid("the request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** As {@link #read}, for a body that may be left out: no body at all is {@code absent}. */
    static <T> T readOptional(Context ctx, Class<T> type, T absent) {
        return ctx.body().isBlank() ? absent : read(ctx, type);
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase();
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
