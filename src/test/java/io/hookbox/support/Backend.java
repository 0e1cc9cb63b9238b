package io.hookbox.support;

import io.hookbox.store.Database;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The databases the store and API tests run on. H2 is embedded; PostgreSQL is the throwaway server scripts/test
 * starts and names in {@value #POSTGRES_URL_VARIABLE} (or the system property of the same name): each
 * {@link #jdbcUrl} on it is a new, empty database of its own. Without that server (a single test run from an IDE)
 * the PostgreSQL half is skipped, saying why.
 */
public enum Backend {

    H2,
    POSTGRESQL;

    public static final String POSTGRES_URL_VARIABLE = "HOOKBOX_TEST_POSTGRES_URL";

    /** A fresh database on this backend; for H2, a file database in {@code dataDir}. */
    public String jdbcUrl(Path dataDir) {
        return switch (this) {
            case H2 -> Database.h2FileUrl(dataDir);
            case POSTGRESQL -> freshPostgresDatabase();
        };
    }

    /** Skips the current test (or parameterised class invocation) when this backend is not available. */
    public void assumeAvailable() {
        if (this == POSTGRESQL) {
            Assumptions.assumeTrue(serverUrl().isPresent(), "PostgreSQL half skipped: no test server given in "
                    + POSTGRES_URL_VARIABLE + " (scripts/test starts one and sets it)");
        }
    }

    private static String freshPostgresDatabase() {
        Backend.POSTGRESQL.assumeAvailable();
        String serverUrl = serverUrl().orElseThrow();
        String name = "hookbox_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + serverUrl + ": " + e.getMessage(), e);
        }
        return serverUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static Optional<String> serverUrl() {
        return Optional.ofNullable(System.getProperty(POSTGRES_URL_VARIABLE))
                .or(() -> Optional.ofNullable(System.getenv(POSTGRES_URL_VARIABLE)))
                .filter(url -> !url.isBlank());
    }
}
