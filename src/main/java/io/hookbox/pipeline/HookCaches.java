package io.hookbox.pipeline;

import io.hookbox.sandbox.CacheSnapshot;
import io.hookbox.sandbox.CacheWrite;

import java.util.List;

/**
 * Where stored hooks' caches are kept between their runs: a run gets its hook's cache as it starts and its writes are
 * kept once it ends. Implementations are thread-safe.
 */
public interface HookCaches {

    /** Keeps nothing: every run starts with an empty cache, and what it writes lasts only for the run. */
    HookCaches NONE = new HookCaches() {
        @Override
        public CacheSnapshot open(String tenantId, String hookId) {
            return CacheSnapshot.empty(System.currentTimeMillis());
        }

        @Override
        public void keep(String tenantId, String hookId, List<CacheWrite> writes) {
        }
    };

    /** The tenant's stored hook {@code hookId}'s cache now. */
    CacheSnapshot open(String tenantId, String hookId);

    /** Keeps what a run of the hook wrote, in order. */
    void keep(String tenantId, String hookId, List<CacheWrite> writes);
}
