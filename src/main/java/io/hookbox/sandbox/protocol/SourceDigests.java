package io.hookbox.sandbox.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hook's source travels to a worker once: whole the first time, then only its digest while the worker still holds
 * it. Both sides keep the same bounded table of the sources used last, touched in the order the runs travel, so the
 * server knows what the worker holds without asking; should the two ever differ, the worker asks for the source
 * ({@link FromWorker.SourceMissing}).
 */
public final class SourceDigests {

    /** How many sources a worker holds. */
    public static final int CAPACITY = 512;

    private SourceDigests() {
    }

    /** The SHA-256 of the source's exact text. */
    public static String of(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** A table by digest that forgets the entry used longest ago past {@link #CAPACITY}; {@code put} and {@code get} touch. */
    public static <V> Map<String, V> table() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
