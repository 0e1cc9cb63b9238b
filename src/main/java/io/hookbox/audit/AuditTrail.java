package io.hookbox.audit;

import io.hookbox.errors.HookboxException;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.secrets.RandomTokens;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The record of changes to tenants' configuration, written by the services in the transaction of the change, listed
 * newest first and pruned like the execution log. Thread-safe.
 */
public final class AuditTrail {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final String COLUMNS = "id, occurred_at, key_id, action, hook_id, hook_version, summary";

    private final Jdbi jdbi;
    private final RetentionPolicy retention;
    private final Clock clock;

    public AuditTrail(Jdbi jdbi, RetentionPolicy retention, Clock clock) {
        this.jdbi = jdbi;
        this.retention = retention;
        this.clock = clock;
    }

    /** Records a change inside the transaction of {@code handle}, so a change and its record are kept or lost together. */
    public void record(Handle handle, String tenantId, String keyId, String action, String hookId, Integer hookVersion, String summary) {
        handle.createUpdate("INSERT INTO audit_events (tenant_id, " + COLUMNS + ") VALUES (:tenantId, :id, :at, :keyId, :action,"
                        + " :hookId, :hookVersion, :summary)")
                .bind("tenantId", tenantId).bind("id", RandomTokens.token("aud_", 12))
                .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS)).bind("keyId", keyId).bind("action", action)
                .bind("hookId", hookId).bind("hookVersion", hookVersion).bind("summary", summary).execute();
    }

    /** Records a change in a transaction of its own. */
    public void record(String tenantId, String keyId, String action, String summary) {
        jdbi.useHandle(handle -> record(handle, tenantId, keyId, action, null, null, summary));
    }

    /** The tenant's newest events; {@code limit} is 1..{@value #MAX_LIMIT}. */
    public List<AuditEvent> list(String tenantId, int limit) {
        return list(tenantId, limit, null, null);
    }

    /**
     * The tenant's newest events older than {@code before} if given; with {@code beforeId} (the last event of the
     * previous page), those of that same instant that come after it too, so a page boundary inside one millisecond
     * skips nothing. {@code limit} is 1..{@value #MAX_LIMIT}.
     */
    public List<AuditEvent> list(String tenantId, int limit, Instant before, String beforeId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HookboxException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT " + COLUMNS + " FROM audit_events WHERE tenant_id = :tenantId"
                            + (before == null ? "" : beforeId == null ? " AND occurred_at < :before"
                                    : " AND (occurred_at < :before OR (occurred_at = :before AND id < :beforeId))")
                            + " ORDER BY occurred_at DESC, id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("tenantId", tenantId).bind("limit", limit);
            if (before != null) {
                query.bind("before", before);
            }
            if (before != null && beforeId != null) {
                query.bind("beforeId", beforeId);
            }
            return query.map((rs, ctx) -> new AuditEvent(rs.getString("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("key_id"),
                        rs.getString("action"), rs.getString("hook_id"), (Integer) rs.getObject("hook_version"), rs.getString("summary")))
                    .list();
        });
    }

    /** Deletes events older than the retention age, and each tenant's oldest beyond the retention count; never throws. */
    public void prune() {
        try {
            int deleted = jdbi.inTransaction(handle -> retention.prune(handle, "audit_events", "occurred_at", clock.instant()));
            if (deleted > 0) {
                log.info("pruned {} old audit events", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("could not prune audit events", e);
        }
    }
}
