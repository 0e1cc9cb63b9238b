package io.hookbox.http;

import java.util.Map;

/** The body of every error answer: a stable code, a sentence for people, and details for programs. */
public record ErrorBody(String error, String message, Map<String, ?> details) {
}
