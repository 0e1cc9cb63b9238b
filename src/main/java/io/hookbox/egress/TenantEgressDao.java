package io.hookbox.egress;

import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.Optional;

/** Tenants' own egress allow-lists, as JSON arrays of host entries. Every statement is scoped to one tenant. */
public interface TenantEgressDao {

    @SqlQuery("SELECT allow_hosts FROM tenant_egress WHERE tenant_id = :tenantId")
    Optional<String> allowHosts(String tenantId);

    @SqlUpdate("DELETE FROM tenant_egress WHERE tenant_id = :tenantId")
    void clear(String tenantId);

    @SqlUpdate("INSERT INTO tenant_egress (tenant_id, allow_hosts, updated_at) VALUES (:tenantId, :allowHosts, :updatedAt)")
    void insert(String tenantId, String allowHosts, Instant updatedAt);
}
