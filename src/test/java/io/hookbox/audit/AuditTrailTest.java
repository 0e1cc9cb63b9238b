package io.hookbox.audit;

import io.hookbox.executions.RetentionPolicy;
import io.hookbox.store.Database;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.tenants.TenantService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Paging back through the audit trail skips nothing, even when many changes share one millisecond. */
@BothDatabases
class AuditTrailTest {

    private final Backend backend;
    @TempDir
    Path dataDir;
    private Database database;

    AuditTrailTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open() {
        database = Database.open(backend.jdbcUrl(dataDir));
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void pagesOfEventsOfTheSameInstantTogetherListEachEventOnce() {
        AuditTrail sameInstant = new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT,
                Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC));
        new TenantService(database.jdbi(), database.changes(), sameInstant, Clock.systemUTC()).create("acme", "Acme");
        for (int i = 0; i < 7; i++) {
            sameInstant.record("acme", null, "hooks.reordered", "change " + i);
        }
        int total = sameInstant.list("acme", AuditTrail.MAX_LIMIT).size();

        List<String> seen = new ArrayList<>();
        List<AuditEvent> page = sameInstant.list("acme", 3);
        while (!page.isEmpty()) {
            page.forEach(event -> seen.add(event.id()));
            AuditEvent last = page.get(page.size() - 1);
            page = sameInstant.list("acme", 3, last.at(), last.id());
        }

        assertThat(seen).doesNotHaveDuplicates().hasSize(total);
        assertThat(total).isGreaterThanOrEqualTo(7);
    }
}
