package io.hookbox.schema;

/** One way a JSON value breaks its schema: where ({@code $.user.email}) and why. */
public record Violation(String path, String message) {
}
