package io.hookbox.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The users table. Every statement is scoped to one tenant. Metadata is stored as JSON text. Emails and usernames
 * are looked up and unique by their {@link Identifiers#key}; every full update raises the row's version.
 */
@RegisterRowMapper(UserDao.AccountMapper.class)
public interface UserDao {

    String COLUMNS = "id, email, email_verified, username, name, given_name, family_name, picture, phone_number, "
            + "password_hash, user_metadata, app_metadata, created_at, updated_at, last_login, logins_count, blocked";
    String VALUES = ":id, :email, :emailVerified, :username, :name, :givenName, :familyName, :picture, :phoneNumber, "
            + ":passwordHash, :userMetadata, :appMetadata, :createdAt, :updatedAt, :lastLogin, :loginsCount, :blocked";
    ObjectMapper JSON = new ObjectMapper();

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE tenant_id = :tenantId AND id = :id")
    Optional<UserAccount> find(String tenantId, String id);

    /** The metadata of a user as one version of the row had it. */
    record VersionedMetadata(String userMetadata, String appMetadata, long version) {
    }

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE tenant_id = :tenantId AND (email_key = :key OR username_key = :key)"
            + " ORDER BY CASE WHEN email_key = :key THEN 0 ELSE 1 END FETCH FIRST 1 ROWS ONLY")
    Optional<UserAccount> findByLoginKey(String tenantId, String key);

    @SqlQuery("SELECT user_metadata, app_metadata, version FROM users WHERE tenant_id = :tenantId AND id = :id")
    @RegisterConstructorMapper(VersionedMetadata.class)
    Optional<VersionedMetadata> metadata(String tenantId, String id);

    /** A sign-in's own change: when, and one more login; nothing else of the row. */
    @SqlUpdate("UPDATE users SET last_login = :lastLogin, logins_count = logins_count + 1 WHERE tenant_id = :tenantId AND id = :id")
    int recordLogin(String tenantId, String id, Instant lastLogin);

    /** A sign-in whose hooks changed the metadata: applied only if the row is still at {@code version}. */
    @SqlUpdate("UPDATE users SET last_login = :lastLogin, logins_count = logins_count + 1, user_metadata = :userMetadata, "
            + "app_metadata = :appMetadata, version = version + 1 WHERE tenant_id = :tenantId AND id = :id AND version = :version")
    int recordLogin(String tenantId, String id, Instant lastLogin, String userMetadata, String appMetadata, long version);

    /** A denied sign-in whose hooks changed the metadata first: applied only if the row is still at {@code version}. */
    @SqlUpdate("UPDATE users SET user_metadata = :userMetadata, app_metadata = :appMetadata, version = version + 1"
            + " WHERE tenant_id = :tenantId AND id = :id AND version = :version")
    int saveMetadata(String tenantId, String id, String userMetadata, String appMetadata, long version);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE tenant_id = :tenantId AND (:email = '' OR email = :email)"
            + " ORDER BY created_at, id FETCH FIRST :limit ROWS ONLY")
    List<UserAccount> list(String tenantId, String email, int limit);

    @SqlQuery("SELECT id FROM users WHERE tenant_id = :tenantId AND email_key = :key")
    Optional<String> idOfEmailKey(String tenantId, String key);

    @SqlQuery("SELECT id FROM users WHERE tenant_id = :tenantId AND username_key = :key")
    Optional<String> idOfUsernameKey(String tenantId, String key);

    @SqlUpdate("INSERT INTO users (tenant_id, email_key, username_key, " + COLUMNS + ") VALUES (:tenantId, :emailKey, :usernameKey, " + VALUES + ")")
    void insert(@Bind("tenantId") String tenantId, @Bind("emailKey") String emailKey, @Bind("usernameKey") String usernameKey,
                @Bind("id") String id, @Bind("email") String email,
                @Bind("emailVerified") boolean emailVerified, @Bind("username") String username, @Bind("name") String name,
                @Bind("givenName") String givenName, @Bind("familyName") String familyName, @Bind("picture") String picture,
                @Bind("phoneNumber") String phoneNumber, @Bind("passwordHash") String passwordHash,
                @Bind("userMetadata") String userMetadata, @Bind("appMetadata") String appMetadata,
                @Bind("createdAt") Instant createdAt, @Bind("updatedAt") Instant updatedAt,
                @Bind("lastLogin") Instant lastLogin, @Bind("loginsCount") long loginsCount, @Bind("blocked") boolean blocked);

    @SqlUpdate("UPDATE users SET email = :email, email_verified = :emailVerified, username = :username, name = :name, "
            + "given_name = :givenName, family_name = :familyName, picture = :picture, phone_number = :phoneNumber, "
            + "password_hash = :passwordHash, user_metadata = :userMetadata, app_metadata = :appMetadata, "
            + "updated_at = :updatedAt, email_key = :emailKey, username_key = :usernameKey, version = version + 1 "
            + "WHERE tenant_id = :tenantId AND id = :id")
    int update(@Bind("tenantId") String tenantId, @Bind("emailKey") String emailKey, @Bind("usernameKey") String usernameKey,
               @Bind("id") String id, @Bind("email") String email,
               @Bind("emailVerified") boolean emailVerified, @Bind("username") String username, @Bind("name") String name,
               @Bind("givenName") String givenName, @Bind("familyName") String familyName, @Bind("picture") String picture,
               @Bind("phoneNumber") String phoneNumber, @Bind("passwordHash") String passwordHash,
               @Bind("userMetadata") String userMetadata, @Bind("appMetadata") String appMetadata,
               @Bind("updatedAt") Instant updatedAt);

    /** Blocking is written on its own, so a write of the rest of a user (a sign-in) never undoes a block made meanwhile. */
    @SqlUpdate("UPDATE users SET blocked = :blocked WHERE tenant_id = :tenantId AND id = :id")
    int setBlocked(String tenantId, String id, boolean blocked);

    @SqlUpdate("DELETE FROM users WHERE tenant_id = :tenantId AND id = :id")
    int delete(String tenantId, String id);

    default void insert(String tenantId, UserAccount account) {
        StoredUser user = account.user();
        UserProfile p = user.profile();
        insert(tenantId, Identifiers.key(p.email()), usernameKey(p), user.id(), p.email(), p.emailVerified(), p.username(), p.name(), p.givenName(), p.familyName(),
                p.picture(), p.phoneNumber(), account.passwordHash(), json(p.userMetadata()), json(p.appMetadata()),
                user.createdAt(), user.updatedAt(), user.lastLogin(), user.loginsCount(), user.blocked());
    }

    /** Writes everything of the user but {@code blocked} (see {@link #setBlocked}). */
    default boolean update(String tenantId, UserAccount account) {
        StoredUser user = account.user();
        UserProfile p = user.profile();
        return update(tenantId, Identifiers.key(p.email()), usernameKey(p), user.id(), p.email(), p.emailVerified(),
                p.username(), p.name(), p.givenName(), p.familyName(), p.picture(), p.phoneNumber(), account.passwordHash(),
                json(p.userMetadata()), json(p.appMetadata()), user.updatedAt()) == 1;
    }

    private static String usernameKey(UserProfile profile) {
        return profile.username() == null ? null : Identifiers.key(profile.username());
    }

    static String json(ObjectNode metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    final class AccountMapper implements RowMapper<UserAccount> {
        @Override
        public UserAccount map(ResultSet rs, StatementContext ctx) throws SQLException {
            UserProfile profile = new UserProfile(rs.getString("email"), rs.getBoolean("email_verified"),
                    rs.getString("username"), rs.getString("name"), rs.getString("given_name"), rs.getString("family_name"),
                    rs.getString("picture"), rs.getString("phone_number"), metadata(rs.getString("user_metadata")),
                    metadata(rs.getString("app_metadata")));
            StoredUser user = new StoredUser(rs.getString("id"), profile, instant(rs.getTimestamp("created_at")),
                    instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("last_login")), rs.getLong("logins_count"),
                    rs.getBoolean("blocked"));
            return new UserAccount(user, rs.getString("password_hash"));
        }

        private static Instant instant(Timestamp timestamp) {
            return timestamp == null ? null : timestamp.toInstant();
        }

        static ObjectNode metadata(String json) {
            try {
                return (ObjectNode) JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
