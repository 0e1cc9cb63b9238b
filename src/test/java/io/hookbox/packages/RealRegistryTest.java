package io.hookbox.packages;

import io.hookbox.audit.AuditTrail;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.store.Database;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real packages from the registry this machine is configured for (as hookbox finds it: HOOKBOX_NPM_REGISTRY, npm's
 * configuration). The suite never depends on the network: this runs only when asked for, with
 * {@code HOOKBOX_REAL_REGISTRY_TEST=1}.
 */
@EnabledIfEnvironmentVariable(named = "HOOKBOX_REAL_REGISTRY_TEST", matches = "1")
class RealRegistryTest {

    @TempDir
    Path dataDir;

    @Test
    void realPackagesInstallAndRunInTheSandbox() {
        try (Database database = Database.open(Database.h2FileUrl(dataDir))) {
            PackageService packages = PackageService.create(database.jdbi(), RegistryLocation::fromSystem,
                    dataDir.resolve("packages"), TestRuntime.policy().packages(),
                    new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()));
            List<String> log = new java.util.ArrayList<>();
            PackageLock lock = packages.install(Map.of("lodash", "^4.17.0", "dayjs", "^1.11.0"), log::add).lock();
            assertThat(log).anyMatch(line -> line.contains("integrity ok"));
            assertThat(lock.topLevel("lodash")).isPresent();
            assertThat(packages.search("lodash", 5)).extracting(PackageService.Found::name).contains("lodash");
            RunResult result = TestRuntime.shared().run(new RunRequest("real-registry",
                    "const _ = require('lodash'); const dayjs = require('dayjs');"
                            + " function handle(d, cb) { cb(null, {u: _.uniq([1, 1, 2]), y: dayjs('2024-05-06').year()}); }",
                    TestRuntime.json("{}"), null, packages.forDraft(Map.of("lodash", "^4.17.0", "dayjs", "^1.11.0"))));
            assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
            assertThat(result.result().toString()).isEqualTo("{\"u\":[1,2],\"y\":2024}");
        }
    }
}
