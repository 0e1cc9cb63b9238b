package io.hookbox.hooks;

import io.hookbox.pipeline.PipelineHook;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hooks' deployed versions; append-only. Every statement is scoped to one tenant. */
public interface HookVersionDao {

    /** A stored version row; its digest is computed from the source when read. */
    record Row(int versionNumber, Instant deployedAt, String deployedBy, String content, String note) {
    }

    String COLUMNS = "version_number, deployed_at, deployed_by, content, note";

    @SqlQuery("SELECT " + COLUMNS + " FROM hook_versions WHERE tenant_id = :tenantId AND hook_id = :hookId"
            + " ORDER BY version_number DESC")
    @RegisterConstructorMapper(Row.class)
    List<Row> list(String tenantId, String hookId);

    @SqlQuery("SELECT " + COLUMNS + " FROM hook_versions WHERE tenant_id = :tenantId AND hook_id = :hookId"
            + " AND version_number = :number")
    @RegisterConstructorMapper(Row.class)
    Optional<Row> find(String tenantId, String hookId, int number);

    @SqlQuery("SELECT COALESCE(MAX(version_number), 0) FROM hook_versions WHERE tenant_id = :tenantId AND hook_id = :hookId")
    int lastNumber(String tenantId, String hookId);

    @SqlUpdate("INSERT INTO hook_versions (tenant_id, hook_id, version_number, deployed_at, deployed_by, content, note)"
            + " VALUES (:tenantId, :hookId, :number, :deployedAt, :deployedBy, :content, :note)")
    void insert(String tenantId, String hookId, int number, Instant deployedAt, String deployedBy, String content, String note);

    /**
     * What real flows run at {@code type}: the deployed version of each enabled code hook and each enabled URL hook, in
     * order; never-deployed code hooks are left out.
     */
    @SqlQuery("SELECT h.id, h.name, COALESCE(v.content, '') AS content, h.on_error, v.version_number AS version, h.url, h.async"
            + " FROM hooks h LEFT JOIN hook_versions v ON v.hook_id = h.id AND v.version_number = h.deployed_version"
            + " WHERE h.tenant_id = :tenantId AND h.type = :type AND h.enabled = TRUE"
            + " AND (v.version_number IS NOT NULL OR h.kind = 'url') ORDER BY h.position, h.id")
    @RegisterConstructorMapper(PipelineHook.class)
    List<PipelineHook> deployedOfType(String tenantId, String type);
}
