package io.hookbox.hooks;

import java.time.Instant;

/**
 * A stored hook of a tenant. {@code position} is its 0-based place among the tenant's hooks of its type;
 * {@code version} grows by one on every change to the stored hook, its position included. {@code onError}: what the
 * flow does when this hook fails.
 */
public record Hook(String id, String name, String description, String type, String content, boolean enabled,
                   OnError onError, int position, long version, Instant createdAt, Instant updatedAt) {
}
