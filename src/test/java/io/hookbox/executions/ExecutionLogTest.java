package io.hookbox.executions;

import io.hookbox.audit.AuditTrail;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.egress.RequestLog;
import io.hookbox.sandbox.ConsoleEntry;
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
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@BothDatabases
class ExecutionLogTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final Backend backend;
    private Database database;
    private ExecutionLog log;

    ExecutionLogTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open(@TempDir Path dataDir) {
        database = Database.open(backend.jdbcUrl(dataDir));
        TenantService tenants = new TenantService(database.jdbi(), database.changes(),
                new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), Clock.systemUTC());
        tenants.create("acme", "Acme");
        tenants.create("globex", "Globex");
        log = new ExecutionLog(database.jdbi(), new RetentionPolicy(Duration.ofDays(7), 5), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void executions_are_listed_newest_first_with_filters_and_only_for_their_tenant() {
        log.record("acme", List.of(execution("e1", "h1", "pre-login", "success", NOW.minusSeconds(30)),
                execution("e2", "h2", "pre-login", "error", NOW.minusSeconds(20))));
        log.record("acme", List.of(execution("e3", "h1", "post-login", "success", NOW.minusSeconds(10))));
        log.record("globex", List.of(execution("e4", "h1", "pre-login", "success", NOW)));

        assertThat(ids(new ExecutionQuery(null, null, null, 50))).containsExactly("e3", "e2", "e1");
        assertThat(ids(new ExecutionQuery("h1", null, null, 50))).containsExactly("e3", "e1");
        assertThat(ids(new ExecutionQuery(null, "pre-login", "error", 50))).containsExactly("e2");
        assertThat(ids(new ExecutionQuery(null, null, null, 1))).containsExactly("e3");
        Execution stored = log.list("acme", new ExecutionQuery(null, null, "error", 50)).getFirst();
        assertThat(stored.errorCode()).isEqualTo("HOOK_ERROR");
        assertThat(stored.console()).containsExactly(new ConsoleEntry("log", "hello", 7));
        assertThat(stored.requests()).containsExactly(new RequestLog("GET", "https://crm.test/users?id=1", 200, 5, 10, null));
        assertThatThrownBy(() -> new ExecutionQuery(null, null, "maybe", 50)).hasMessageContaining("status");
        assertThatThrownBy(() -> new ExecutionQuery(null, null, null, 501)).hasMessageContaining("limit");
    }

    @Test
    void pruning_drops_records_past_the_age_and_each_tenants_oldest_past_the_count() {
        log.record("acme", List.of(execution("old", "h1", "pre-login", "success", NOW.minus(Duration.ofDays(8)))));
        log.record("acme", IntStream.range(0, 7).mapToObj(i -> execution("a" + i, "h1", "pre-login", "success", NOW.minusSeconds(100 - i))).toList());
        log.record("globex", List.of(execution("g0", "h1", "pre-login", "success", NOW.minus(Duration.ofDays(1)))));

        assertThat(log.prune()).isEqualTo(3);

        assertThat(ids(new ExecutionQuery(null, null, null, 50))).containsExactly("a6", "a5", "a4", "a3", "a2");
        assertThat(log.list("globex", new ExecutionQuery(null, null, null, 50))).hasSize(1);
    }

    private List<String> ids(ExecutionQuery query) {
        return log.list("acme", query).stream().map(Execution::id).toList();
    }

    private static Execution execution(String id, String hookId, String type, String status, Instant startedAt) {
        boolean failed = status.equals("error");
        return new Execution(id, hookId, "hook " + hookId, type, "flw_" + id, startedAt, 12, status,
                failed ? "HOOK_ERROR" : null, failed ? "denied" : null, false, List.of(new ConsoleEntry("log", "hello", 7)),
                List.of(new RequestLog("GET", "https://crm.test/users?id=1", 200, 5, 10, null)), 1);
    }
}
