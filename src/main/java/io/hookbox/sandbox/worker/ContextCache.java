package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.protocol.ToWorker;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contexts kept after a clean run, for the next run of the same hook: the same reuse scope (tenant and hook) and the
 * same source. A context is taken out while it runs, so no two runs ever share one at the same time. Past its capacity
 * the cache closes the contexts of the hooks used longest ago. Thread-safe.
 */
final class ContextCache {

    record Key(String scope, String source) {

        /** The key of the contexts {@code job} may use and leave behind, or null when it must run in a fresh one. */
        static Key of(ToWorker.Run job) {
            return job.reuseScope() == null || job.validateOnly() ? null : new Key(job.reuseScope(), job.source());
        }
    }

    /** A context whose hook is loaded: {@code handle} is the hook's entry point in it. */
    record Kept(PreparedContext prepared, Value handle) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, ArrayDeque<Kept>> idle = new LinkedHashMap<>(64, 0.75f, true);
    private int size;

    ContextCache(int capacity) {
        this.capacity = capacity;
    }

    /** An idle context for {@code key}, now the caller's alone, or null when there is none. */
    synchronized Kept take(Key key) {
        ArrayDeque<Kept> contexts = idle.get(key);
        if (contexts == null) {
            return null;
        }
        Kept kept = contexts.pollLast();
        if (contexts.isEmpty()) {
            idle.remove(key);
        }
        size--;
        return kept;
    }

    void keep(Key key, Kept kept) {
        List<Kept> evicted = new ArrayList<>();
        synchronized (this) {
            idle.computeIfAbsent(key, unused -> new ArrayDeque<>()).addLast(kept);
            size++;
            Iterator<Map.Entry<Key, ArrayDeque<Kept>>> eldest = idle.entrySet().iterator();
            while (size > capacity && eldest.hasNext()) {
                ArrayDeque<Kept> contexts = eldest.next().getValue();
                evicted.add(contexts.pollFirst());
                size--;
                if (contexts.isEmpty()) {
                    eldest.remove();
                }
            }
        }
        evicted.forEach(ContextCache::close);
    }

    private static void close(Kept kept) {
        try {
            kept.prepared().context().close();
        } catch (PolyglotException | IllegalStateException ignored) {
            // closing an idle context cannot fail in a way that matters
        }
    }
}
