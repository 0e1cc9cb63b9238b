package io.hookbox.hooks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The limits of a hook's cache (an Action's {@code api.cache}), Auth0's: keys of at most 64 bytes, values of at most
 * 4 KB, at most 20 entries and 8 KB of keys and values together; an entry lives 15 minutes unless its {@code ttl} or
 * {@code expires_at} says otherwise, and never more than 24 hours. The worker's adapter answers a {@code set} beyond
 * them with an error, as Auth0 does; the host, which keeps the cache, holds to them again.
 */
public record CacheLimits(int maxKeyBytes, int maxValueBytes, int maxEntries, int maxTotalBytes, Duration defaultTtl,
                          Duration maxTtl) {

    public static final CacheLimits AUTH0 = new CacheLimits(64, 4096, 20, 8192, Duration.ofMinutes(15), Duration.ofHours(24));

    /** What the adapter follows, as JSON. */
    public ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("maxKeyBytes", maxKeyBytes).put("maxValueBytes", maxValueBytes)
                .put("maxEntries", maxEntries).put("maxTotalBytes", maxTotalBytes)
                .put("defaultTtlMs", defaultTtl.toMillis()).put("maxTtlMs", maxTtl.toMillis());
    }

    /** Whether {@code entries} (key to value) fit: each key and value, their count and their total size. */
    public boolean fit(Map<String, String> entries) {
        if (entries.size() > maxEntries) {
            return false;
        }
        long total = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            int key = bytes(entry.getKey());
            int value = bytes(entry.getValue());
            if (entry.getKey().isEmpty() || key > maxKeyBytes || value > maxValueBytes) {
                return false;
            }
            total += key + value;
        }
        return total <= maxTotalBytes;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
