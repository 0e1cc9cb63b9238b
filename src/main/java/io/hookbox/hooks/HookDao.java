package io.hookbox.hooks;

import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants' hooks. Every statement is scoped to one tenant, so no query can reach another tenant's hooks. */
@RegisterConstructorMapper(Hook.class)
public interface HookDao extends SqlObject {

    String COLUMNS = "id, name, description, type, content, enabled, on_error, position, version, created_at, updated_at,"
            + " stopped_at, stopped_reason, deployed_version, draft_changed, kind, url, async, header_names AS header_names_joined";
    String INSERTED = "id, name, description, type, content, enabled, on_error, position, version, created_at, updated_at,"
            + " stopped_at, stopped_reason, deployed_version, draft_changed, kind, url, async, header_names";

    /**
     * Takes the tenant's write lock, so writers of one tenant's hooks run one after another, and grows its hooks
     * generation, so every node reads its hook lists again once this commits. 0 if there is no such tenant.
     */
    @SqlUpdate("UPDATE tenants SET hooks_generation = hooks_generation + 1 WHERE id = :tenantId")
    int lockTenantForChange(String tenantId);

    /** The tenant's hooks generation ({@link #lockTenantForChange}); empty if there is no such tenant. */
    @SqlQuery("SELECT hooks_generation FROM tenants WHERE id = :tenantId")
    Optional<Long> generation(String tenantId);

    @SqlQuery("SELECT " + COLUMNS + " FROM hooks WHERE tenant_id = :tenantId ORDER BY position, id")
    List<Hook> list(String tenantId);

    @SqlQuery("SELECT " + COLUMNS + " FROM hooks WHERE tenant_id = :tenantId AND type = :type ORDER BY position, id")
    List<Hook> listOfType(String tenantId, String type);

    @SqlQuery("SELECT " + COLUMNS + " FROM hooks WHERE tenant_id = :tenantId AND type = :type AND enabled = TRUE ORDER BY position, id")
    List<Hook> enabledOfType(String tenantId, String type);

    @SqlQuery("SELECT " + COLUMNS + " FROM hooks WHERE tenant_id = :tenantId AND id = :id")
    Optional<Hook> find(String tenantId, String id);

    @SqlQuery("SELECT id FROM hooks WHERE tenant_id = :tenantId AND type = :type ORDER BY position, id")
    List<String> idsInOrder(String tenantId, String type);

    @SqlQuery("SELECT id FROM hooks WHERE tenant_id = :tenantId AND type = :type AND name = :name")
    Optional<String> idOfName(String tenantId, String type, String name);

    @SqlUpdate("INSERT INTO hooks (tenant_id, " + INSERTED + ") VALUES (:tenantId, :id, :name, :description, :type, :content,"
            + " :enabled, :onError, :position, :version, :createdAt, :updatedAt, :stoppedAt, :stoppedReason, :deployedVersion,"
            + " :draftChanged, :kind, :url, :async, :headerNamesJoined)")
    void insert(String tenantId, @BindMethods Hook hook);

    @SqlUpdate("UPDATE hooks SET name = :name, description = :description, type = :type, content = :content, enabled = :enabled,"
            + " on_error = :onError, position = :position, version = :version, updated_at = :updatedAt,"
            + " deployed_version = :deployedVersion, draft_changed = :draftChanged, url = :url, async = :async,"
            + " header_names = :headerNamesJoined WHERE tenant_id = :tenantId AND id = :id")
    void update(String tenantId, @BindMethods Hook hook);

    /** Marks a hook as stopped, or with nulls clears the mark; the hook's version does not change. */
    @SqlUpdate("UPDATE hooks SET stopped_at = :at, stopped_reason = :reason WHERE tenant_id = :tenantId AND id = :id")
    void markStopped(String tenantId, String id, Instant at, String reason);

    /** Disables a hook and says why where its users see it; the hook's version does not change. */
    @SqlUpdate("UPDATE hooks SET enabled = FALSE, stopped_at = :at, stopped_reason = :reason WHERE tenant_id = :tenantId AND id = :id")
    void disable(String tenantId, String id, Instant at, String reason);

    @SqlUpdate("DELETE FROM hooks WHERE tenant_id = :tenantId AND id = :id")
    void delete(String tenantId, String id);

    /** Gives {@code ids[i]} the position {@code positions[i]}; a hook already there is left as it is. */
    @SqlBatch("UPDATE hooks SET position = :position, version = version + 1, updated_at = :now"
            + " WHERE tenant_id = :tenantId AND id = :id AND position <> :position")
    void setPositions(@Bind("tenantId") String tenantId, @Bind("id") List<String> ids, @Bind("position") List<Integer> positions,
                      @Bind("now") Instant now);
}
