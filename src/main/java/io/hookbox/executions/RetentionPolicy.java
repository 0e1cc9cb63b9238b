package io.hookbox.executions;

import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How long execution records (and the audit trail) are kept, and how many per tenant at most. */
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
        int old = handle.createUpdate("DELETE FROM " + table + " WHERE " + timeColumn + " < :cutoff")
                .bind("cutoff", now.minus(maxAge)).execute();
        List<String> crowded = handle.createQuery("SELECT tenant_id FROM " + table + " GROUP BY tenant_id HAVING COUNT(*) > :max")
                .bind("max", maxPerTenant).mapTo(String.class).list();
        int excess = 0;
        for (String tenantId : crowded) {
            excess += handle.createUpdate("DELETE FROM " + table + " WHERE tenant_id = :tenantId AND id NOT IN ("
                            + "SELECT id FROM (SELECT id FROM " + table + " WHERE tenant_id = :tenantId "
                            + "ORDER BY " + timeColumn + " DESC, id DESC FETCH FIRST :max ROWS ONLY) AS newest)")
                    .bind("tenantId", tenantId).bind("max", maxPerTenant).execute();
        }
        return old + excess;
    }
}
