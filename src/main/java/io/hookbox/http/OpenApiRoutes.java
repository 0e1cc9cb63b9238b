package io.hookbox.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /openapi.json}: the hand-written description of the whole API, kept true by a test. */
final class OpenApiRoutes {

    static final String RESOURCE = "/io/hookbox/http/openapi.json";

    private final String document = load();

    void document(Context ctx) {
        ctx.contentType("application/json").result(document);
    }

    private static String load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
