package io.hookbox.support;

import io.hookbox.hooks.Hook;
import io.hookbox.hooks.HookDao;
import io.hookbox.hooks.OnError;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/** Hooks written straight into the database, for tests about what belongs to a hook rather than about checking its code. */
public final class StoredHooks {

    private StoredHooks() {
    }

    /** Stores a passing hook named {@code id} at the end of its type; answers {@code id}. */
    public static String insert(Jdbi jdbi, String tenantId, String id, String type) {
        Instant now = Instant.now();
        jdbi.useExtension(HookDao.class, dao -> dao.insert(tenantId, new Hook(id, id, "", type, "function handle(d, cb) { cb(null, d); }",
                true, OnError.CONTINUE, dao.idsInOrder(tenantId, type).size(), 1, now, now, null, null, null, true)));
        return id;
    }
}
