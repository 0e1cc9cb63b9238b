package io.hookbox.hookcache;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;

/** Hooks' cache entries; every statement names the tenant, so no query reaches another tenant's hooks. */
public interface HookCacheDao extends SqlObject {

    record Row(String cacheKey, String cacheValue, Instant expiresAt) {
    }

    @RegisterConstructorMapper(Row.class)
    @SqlQuery("SELECT cache_key, cache_value, expires_at FROM hook_cache"
            + " WHERE tenant_id = :tenantId AND hook_id = :hookId AND expires_at > :now ORDER BY cache_key")
    List<Row> live(String tenantId, String hookId, Instant now);

    @SqlUpdate("DELETE FROM hook_cache WHERE tenant_id = :tenantId AND hook_id = :hookId"
            + " AND (cache_key = :key OR expires_at <= :now)")
    void deleteKeyAndExpired(String tenantId, String hookId, String key, Instant now);

    /** Inserts the entry when the tenant has the hook (a hook deleted meanwhile keeps nothing). */
    @SqlUpdate("INSERT INTO hook_cache (tenant_id, hook_id, cache_key, cache_value, expires_at)"
            + " SELECT tenant_id, id, :key, :value, :expiresAt FROM hooks WHERE tenant_id = :tenantId AND id = :hookId")
    void insert(String tenantId, String hookId, String key, String value, Instant expiresAt);
}
