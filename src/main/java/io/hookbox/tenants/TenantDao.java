package io.hookbox.tenants;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants and their API keys (as hashes). */
@RegisterConstructorMapper(TenantDao.TenantRow.class)
@RegisterConstructorMapper(TenantDao.KeyRow.class)
public interface TenantDao {

    record TenantRow(String id, String name, Instant createdAt) {
    }

    record KeyRow(String id, String tenantId, Instant createdAt) {
    }

    @SqlUpdate("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :createdAt)")
    void insertTenant(@BindMethods TenantRow tenant);

    @SqlQuery("SELECT id, name, created_at FROM tenants ORDER BY id")
    List<TenantRow> listTenants();

    @SqlQuery("SELECT COUNT(*) FROM tenants")
    int countTenants();

    @SqlQuery("SELECT COUNT(*) FROM tenants WHERE id = :id")
    int countTenant(String id);

    @SqlUpdate("DELETE FROM tenants WHERE id = :id")
    int deleteTenant(String id);

    @SqlUpdate("INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES (:id, :tenantId, :keyHash, :createdAt)")
    void insertKey(String id, String tenantId, String keyHash, Instant createdAt);

    @SqlQuery("SELECT id, tenant_id, created_at FROM api_keys ORDER BY created_at, id")
    List<KeyRow> listKeys();

    @SqlQuery("SELECT tenant_id, id AS key_id FROM api_keys WHERE key_hash = :keyHash")
    @RegisterConstructorMapper(KeyOwner.class)
    Optional<KeyOwner> ownerOfKey(String keyHash);

    @SqlUpdate("DELETE FROM api_keys WHERE tenant_id = :tenantId AND id = :keyId")
    int deleteKey(String tenantId, String keyId);
}
