package io.hookbox.tenants;

import java.time.Instant;
import java.util.List;

/** A tenant and the ids of its management API keys (the keys themselves are never kept). */
public record Tenant(String id, String name, Instant createdAt, List<Key> keys) {

    public record Key(String id, Instant createdAt) {
    }
}
