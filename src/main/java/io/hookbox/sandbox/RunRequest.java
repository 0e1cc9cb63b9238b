package io.hookbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One invocation: run {@code source}'s {@code handle} with {@code data}.
 * {@code tenantId} only routes the work (a tenant's invocations share workers), it is never shown to the hook.
 */
public record RunRequest(String tenantId, String source, JsonNode data) {
}
