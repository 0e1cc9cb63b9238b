package io.hookbox.support;

import io.javalin.Javalin;

import java.util.List;

/** The HTTP routes a Javalin app has registered, as method and path (e.g. {@code PATCH /api/hooks/{id}}). */
public final class Routes {

    public record Route(String method, String path) {
        /** The path with each {@code {param}} replaced by {@code value}. */
        public String pathWith(String value) {
            return path.replaceAll("\\{[^}]+}", value);
        }
    }

    private Routes() {
    }

    public static List<Route> of(Javalin app) {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> new Route(endpoint.method.name(), endpoint.path))
                .toList();
    }
}
