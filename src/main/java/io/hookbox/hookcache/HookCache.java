package io.hookbox.hookcache;

import io.hookbox.hooks.CacheLimits;
import io.hookbox.pipeline.HookCaches;
import io.hookbox.sandbox.CacheSnapshot;
import io.hookbox.sandbox.CacheWrite;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored hooks' caches in the database, an Action's {@code api.cache} between runs: a run gets the entries alive when
 * it starts, and its writes are applied in one transaction once it ends, within {@link CacheLimits#AUTH0} again (runs of
 * one hook going at once may each have fitted alone: a write that no longer fits is dropped, as an eviction would).
 * Thread-safe.
 */
public final class HookCache implements HookCaches {

    private static final Logger log = LoggerFactory.getLogger(HookCache.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final CacheLimits limits = CacheLimits.AUTH0;

    public HookCache(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public CacheSnapshot open(String tenantId, String hookId) {
        Instant now = clock.instant();
        Map<String, CacheSnapshot.Entry> entries = new LinkedHashMap<>();
        jdbi.withExtension(HookCacheDao.class, dao -> dao.live(tenantId, hookId, now)).forEach(row ->
                entries.put(row.cacheKey(), new CacheSnapshot.Entry(row.cacheValue(), row.expiresAt().toEpochMilli())));
        return new CacheSnapshot(now.toEpochMilli(), entries);
    }

    @Override
    public void keep(String tenantId, String hookId, List<CacheWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long latest = now.plus(limits.maxTtl()).toEpochMilli();
        jdbi.useTransaction(handle -> {
            HookCacheDao dao = handle.attach(HookCacheDao.class);
            Map<String, String> values = new LinkedHashMap<>();
            dao.live(tenantId, hookId, now).forEach(row -> values.put(row.cacheKey(), row.cacheValue()));
            for (CacheWrite write : writes) {
                String before = values.get(write.key());
                if (write.deletes() || write.expiresAt() <= now.toEpochMilli()) {
                    values.remove(write.key());
                } else {
                    values.put(write.key(), write.value());
                    if (!limits.fit(values)) {
                        log.info("a cache write of hook {} of tenant {} no longer fits its cache and is dropped", hookId, tenantId);
                        if (before == null) {
                            values.remove(write.key());
                        } else {
                            values.put(write.key(), before);
                        }
                        continue;
                    }
                }
                dao.deleteKeyAndExpired(tenantId, hookId, write.key(), now);
                if (values.containsKey(write.key())) {
                    dao.insert(tenantId, hookId, write.key(), write.value(),
                            Instant.ofEpochMilli(Math.min(write.expiresAt(), latest)));
                }
            }
        });
    }
}
