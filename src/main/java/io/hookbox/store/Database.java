package io.hookbox.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * hookbox's database: a connection pool, the schema brought up to date by Flyway at open, and Jdbi over it.
 * Thread-safe; close it last, after everything that uses it.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final ChangeFeed changes;

    private Database(HikariDataSource pool, String jdbcUrl) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        this.changes = ChangeFeed.forDatabase(jdbcUrl, jdbi);
    }

    /** Opens the database at {@code jdbcUrl} and applies the migrations it has not had yet. */
    public static Database open(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("hookbox-db");
        config.setMaximumPoolSize(10);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database: " + rootMessage(e), e);
        }
        try {
            MigrateResult migration = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            if (migration.migrationsExecuted > 0) {
                log.info("database schema migrated to version {} ({} migrations applied)",
                        migration.targetSchemaVersion, migration.migrationsExecuted);
            }
            return new Database(pool, jdbcUrl);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The URL of the embedded H2 database kept in {@code dataDir}. WRITE_DELAY=0 writes every commit to the file
     * before it returns, so a kill -9 loses no committed change; the pool, not the JVM, closes the database.
     */
    public static String h2FileUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("hookbox")
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    }

    static boolean isPostgres(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** How the nodes sharing this database tell each other that cached data changed. */
    public ChangeFeed changes() {
        return changes;
    }

    @Override
    public void close() {
        changes.close();
        pool.close();
    }
}
