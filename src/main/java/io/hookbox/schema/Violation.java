package io.hookbox.schema;

/** One way a JSON value breaks its schema: where ({@code $.user.email}) and why. */
public record Violation(String path, String message) {

    /** As clients read it in error messages: {@code $.user.email: not an email address}. */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
