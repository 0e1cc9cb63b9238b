package io.hookbox.auth;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The applications table. Grant types and scopes are stored as space-separated lists, as OAuth writes scopes. */
public interface ApplicationDao {

    record Row(String clientId, String name, String grantTypes, String secretHash, Instant createdAt, String clientType,
               String scopes) {
    }

    @SqlUpdate("INSERT INTO applications (tenant_id, client_id, name, grant_types, secret_hash, created_at, client_type, scopes) "
            + "VALUES (:tenantId, :clientId, :name, :grantTypes, :secretHash, :createdAt, :clientType, :scopes)")
    void insert(@Bind("tenantId") String tenantId, @Bind("clientId") String clientId, @Bind("name") String name,
                @Bind("grantTypes") String grantTypes, @Bind("secretHash") String secretHash, @Bind("createdAt") Instant createdAt,
                @Bind("clientType") String clientType, @Bind("scopes") String scopes);

    @SqlQuery("SELECT client_id, name, grant_types, secret_hash, created_at, client_type, scopes FROM applications "
            + "WHERE tenant_id = :tenantId AND client_id = :clientId")
    @RegisterConstructorMapper(Row.class)
    Optional<Row> find(@Bind("tenantId") String tenantId, @Bind("clientId") String clientId);

    @SqlQuery("SELECT client_id, name, grant_types, secret_hash, created_at, client_type, scopes FROM applications "
            + "WHERE tenant_id = :tenantId AND client_id = :clientId FOR UPDATE")
    @RegisterConstructorMapper(Row.class)
    Optional<Row> findForUpdate(@Bind("tenantId") String tenantId, @Bind("clientId") String clientId);

    @SqlUpdate("UPDATE applications SET name = :name, grant_types = :grantTypes, scopes = :scopes "
            + "WHERE tenant_id = :tenantId AND client_id = :clientId")
    void update(@Bind("tenantId") String tenantId, @Bind("clientId") String clientId, @Bind("name") String name,
                @Bind("grantTypes") String grantTypes, @Bind("scopes") String scopes);

    @SqlQuery("SELECT client_id, name, grant_types, secret_hash, created_at, client_type, scopes FROM applications "
            + "WHERE tenant_id = :tenantId ORDER BY created_at, client_id")
    @RegisterConstructorMapper(Row.class)
    List<Row> list(@Bind("tenantId") String tenantId);

    @SqlUpdate("DELETE FROM applications WHERE tenant_id = :tenantId AND client_id = :clientId")
    int delete(@Bind("tenantId") String tenantId, @Bind("clientId") String clientId);
}
