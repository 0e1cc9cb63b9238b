package io.hookbox.store;

import io.hookbox.hooks.OnError;
import io.hookbox.audit.AuditTrail;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.Hook;
import io.hookbox.hooks.DeployedPackages;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.HookVersion;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.support.TestRuntime;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A hook stored before version history existed keeps running: it becomes deployed version 1 with its source. */
class HookVersionsMigrationTest {

    private static final String SOURCE = "function handle(data, cb) { cb(null, data); }";

    @Test
    void everyExistingHookBecomesDeployedVersionOne(@TempDir Path dataDir) {
        String url = Database.h2FileUrl(dataDir);
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").target("7").load().migrate();
        Jdbi.create(url, "", "").useHandle(handle -> {
            Instant then = Instant.parse("2026-01-01T00:00:00Z");
            handle.execute("INSERT INTO tenants (id, name, created_at) VALUES ('acme', 'Acme', ?)", then);
            handle.execute("INSERT INTO hooks (id, tenant_id, type, name, description, content, enabled, position, version,"
                    + " created_at, updated_at) VALUES ('h1', 'acme', 'pre-login', 'old', '', ?, TRUE, 0, 4, ?, ?)", SOURCE, then, then);
        });

        try (Database database = Database.open(url)) {
            HookService hooks = new HookService(database.jdbi(), TestRuntime.shared(),
                    new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), DeployedPackages.NONE, Clock.systemUTC());
            Hook hook = hooks.get("acme", "h1");
            assertThat(hook.version()).isEqualTo(4);
            assertThat(hook.deployedVersion()).isEqualTo(1);
            assertThat(hook.draftChanged()).isFalse();
            List<HookVersion> versions = hooks.versions("acme", "h1");
            assertThat(versions).extracting(HookVersion::number).containsExactly(1);
            assertThat(versions.getFirst().deployedBy()).isNull();
            assertThat(hooks.version("acme", "h1", 1).source()).isEqualTo(SOURCE);
            assertThat(hooks.hooksInOrder("acme", "pre-login")).containsExactly(new PipelineHook("h1", "old", SOURCE, OnError.DENY, 1));
            assertThat(hooks.list("acme", Optional.empty())).hasSize(1);
        }
    }
}
