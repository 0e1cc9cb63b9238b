package io.hookbox.sandbox;

import java.util.Map;

/**
 * A hook's cache as one of its runs starts (Auth0's {@code api.cache}): {@code nowMs}, the time the run reads it at
 * (milliseconds since the epoch, from the host's clock), and the entries still alive then, by key. It travels with the
 * invocation, as secrets do; what the run changes comes back as {@link CacheWrite}s in its {@link RunEffects}.
 */
public record CacheSnapshot(long nowMs, Map<String, Entry> entries) {

    /** A value and when it expires, in milliseconds since the epoch. */
    public record Entry(String value, long expiresAt) {
    }

    public CacheSnapshot {
        entries = entries == null ? Map.of() : Map.copyOf(entries);
    }

    /** A cache with nothing in it, read at {@code nowMs}. */
    public static CacheSnapshot empty(long nowMs) {
        return new CacheSnapshot(nowMs, Map.of());
    }
}
