package io.hookbox.hooks;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hooks' sealed secrets; every statement names the tenant, so no query reaches another tenant's secrets. */
public interface HookSecretDao extends SqlObject {

    /** A sealed value and the name it is bound to. */
    record Sealed(String name, String sealedValue) {
    }

    /** The hook the secrets belong to, as the audit trail names it. */
    record Owner(String type, String name) {
    }

    @RegisterConstructorMapper(Owner.class)
    @SqlQuery("SELECT type, name FROM hooks WHERE tenant_id = :tenantId AND id = :hookId")
    Optional<Owner> findHook(String tenantId, String hookId);

    @RegisterConstructorMapper(HookSecret.class)
    @SqlQuery("SELECT name, updated_at FROM hook_secrets WHERE tenant_id = :tenantId AND hook_id = :hookId ORDER BY name")
    List<HookSecret> list(String tenantId, String hookId);

    @RegisterConstructorMapper(Sealed.class)
    @SqlQuery("SELECT name, sealed_value FROM hook_secrets WHERE tenant_id = :tenantId AND hook_id = :hookId ORDER BY name")
    List<Sealed> sealed(String tenantId, String hookId);

    @SqlQuery("SELECT COUNT(*) FROM hook_secrets WHERE tenant_id = :tenantId AND hook_id = :hookId AND name <> :name")
    int countOthers(String tenantId, String hookId, String name);

    @SqlUpdate("UPDATE hook_secrets SET sealed_value = :sealedValue, updated_at = :at"
            + " WHERE tenant_id = :tenantId AND hook_id = :hookId AND name = :name")
    int update(String tenantId, String hookId, String name, String sealedValue, Instant at);

    @SqlUpdate("INSERT INTO hook_secrets (tenant_id, hook_id, name, sealed_value, updated_at)"
            + " VALUES (:tenantId, :hookId, :name, :sealedValue, :at)")
    void insert(String tenantId, String hookId, String name, String sealedValue, Instant at);

    @SqlUpdate("DELETE FROM hook_secrets WHERE tenant_id = :tenantId AND hook_id = :hookId AND name = :name")
    int delete(String tenantId, String hookId, String name);
}
