package io.hookbox.sandbox;

/**
 * One change a run made to its hook's cache, in the order it made them: {@code value} set at {@code key} until
 * {@code expiresAt} (milliseconds since the epoch), or, with a null {@code value}, the key deleted.
 */
public record CacheWrite(String key, String value, long expiresAt) {

    public boolean deletes() {
        return value == null;
    }
}
