package io.hookbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
            return nonNull(ApiJson.MAPPER.readValue(body, type));
        } catch (JsonProcessingException e) {
            throw invalidBody(e);
        }
    }

    /** Reads an object already parsed (the rest of a body after a field was taken out) into a record, as {@link #read}. */
    static <T> T convert(JsonNode body, Class<T> type) {
        try {
            return nonNull(ApiJson.MAPPER.treeToValue(body, type));
        } catch (JsonProcessingException e) {
            throw invalidBody(e);
        }
    }

    private static <T> T nonNull(T value) {
        if (value == null) {
            throw HookboxException.invalid("the request body must be a JSON object, not null");
        }
        return value;
    }

    /**
     * A 400 saying what is wrong with a JSON body in the client's terms: the field and the JSON type expected,
     * never the Java types it was read into.
     */
    static HookboxException invalidBody(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return HookboxException.invalid("unknown field '" + path(unknown) + "'; known fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")),
                    Map.of("field", path(unknown)));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            return HookboxException.invalid((field.isEmpty() ? "the request body" : "field '" + field + "'")
                    + " has the wrong type or value: " + reason(mapping), field.isEmpty() ? Map.of() : Map.of("field", field));
        }
        return HookboxException.invalid("the request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }

    /** Our own validation message (an unknown enum name), else the JSON type the field takes. */
    private static String reason(JsonMappingException e) {
        if (e.getCause() instanceof IllegalArgumentException own && own.getMessage() != null) {
            return own.getMessage();
        }
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        return "expected " + jsonKind(target);
    }

    private static String jsonKind(Class<?> target) {
        if (target == null) {
            return "another value";
        }
        if (target == String.class || target.isEnum()) {
            return "a string";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target.isPrimitive() || Number.class.isAssignableFrom(target)) {
            return "a number";
        }
        if (target.isArray() || java.util.Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "an object";
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
