package io.hookbox.audit;

import io.hookbox.executions.RetentionPolicy;
import io.hookbox.store.Database;
import io.hookbox.tenants.TenantService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private Database database;

    @BeforeEach
    void open(@TempDir Path dataDir) {
        database = Database.open(Database.h2FileUrl(dataDir));
        new TenantService(database.jdbi(), database.changes(), trailAt(NOW), Clock.systemUTC()).create("acme", "Acme");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void eventsPastTheRetentionAgeOrCountArePrunedNewestKept() {
        trailAt(NOW.minus(Duration.ofDays(9))).record("acme", "k1", "hook.deleted", "too old");
        for (int i = 0; i < 4; i++) {
            trailAt(NOW.minusSeconds(40 - i * 10L)).record("acme", "k1", "hook.changed", "change " + i);
        }

        trailAt(NOW).prune();

        assertThat(trailAt(NOW).list("acme", 50, null)).extracting(AuditEvent::summary).containsExactly("change 3", "change 2", "change 1");
        assertThat(trailAt(NOW).list("acme", 50, NOW.minusSeconds(15))).extracting(AuditEvent::summary).containsExactly("change 2", "change 1");
    }

    private AuditTrail trailAt(Instant now) {
        return new AuditTrail(database.jdbi(), new RetentionPolicy(Duration.ofDays(7), 3), Clock.fixed(now, ZoneOffset.UTC));
    }
}
