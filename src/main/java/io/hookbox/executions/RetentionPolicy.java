package io.hookbox.executions;

import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How long execution records (and the audit trail, and finished deliveries) are kept, and how many per tenant at most. */
public record RetentionPolicy(Duration maxAge, int maxPerTenant) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(30), 10_000);

    public RetentionPolicy {
        if (maxAge.isNegative() || maxAge.isZero() || maxPerTenant < 1) {
            throw new IllegalArgumentException("execution retention needs a positive age and count");
        }
    }

    /**
     * Deletes from {@code table} (with {@code id} and {@code tenant_id} columns) the rows whose {@code timeColumn} is
     * older than the maximum age, and each tenant's oldest beyond the maximum count. Answers how many it deleted.
     */
    public int prune(Handle handle, String table, String timeColumn, Instant now) {
        return prune(handle, table, timeColumn, now, "1 = 1");
    }

    /** As {@link #prune(Handle, String, String, Instant)}, among only the rows that meet the SQL {@code condition}. */
    public int prune(Handle handle, String table, String timeColumn, Instant now, String condition) {
        String prunable = " AND (" + condition + ")";
        int old = handle.createUpdate("DELETE FROM " + table + " WHERE " + timeColumn + " < :cutoff" + prunable)
                .bind("cutoff", now.minus(maxAge)).execute();
        List<String> crowded = handle.createQuery("SELECT tenant_id FROM " + table + " WHERE 1 = 1" + prunable
                        + " GROUP BY tenant_id HAVING COUNT(*) > :max")
                .bind("max", maxPerTenant).mapTo(String.class).list();
        int excess = 0;
        for (String tenantId : crowded) {
            excess += handle.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :tenantId" + prunable + " AND id NOT IN ("
                            + "SELECT id FROM (SELECT id FROM " + table + " WHERE tenant_id = :tenantId" + prunable
                            + " ORDER BY " + timeColumn + " DESC, id DESC FETCH FIRST :max ROWS ONLY) AS newest)")
                    .bind("tenantId", tenantId).bind("max", maxPerTenant).execute();
        }
        return old + excess;
    }
}
