package io.hookbox.hooks;

import io.hookbox.sandbox.HookStops;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;

/**
 * Keeps on each stored hook whether it is stopped (it got a worker killed in a real flow and runs confined until it
 * next runs cleanly), for the hooks API and the dashboard. Thread-safe.
 */
public final class HookStopStore implements HookStops {

    private static final int MAX_REASON = 300;

    private final Jdbi jdbi;

    public HookStopStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void stopped(String tenantId, String hookId, Instant at, String reason) {
        String clipped = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        jdbi.useExtension(HookDao.class, dao -> dao.markStopped(tenantId, hookId, at, clipped));
    }

    @Override
    public void cleared(String tenantId, String hookId) {
        jdbi.useExtension(HookDao.class, dao -> dao.markStopped(tenantId, hookId, null, null));
    }
}
