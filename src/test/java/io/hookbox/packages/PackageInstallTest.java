package io.hookbox.packages;

import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.store.Database;
import io.hookbox.support.FakeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Installing packages from a registry on loopback: resolution as npm does it, and every way an install is refused. */
class PackageInstallTest {

    @TempDir
    static Path dataDir;
    private static FakeRegistry registry;
    private static Database database;
    private static PackageService packages;
    private static PackageStore store;

    @BeforeAll
    static void start() {
        registry = new FakeRegistry();
        database = Database.open(Database.h2FileUrl(dataDir));
        store = new PackageStore(database.jdbi(), dataDir.resolve("packages"), Clock.systemUTC());
        RegistryClient client = new RegistryClient(() -> Optional.of(new RegistryLocation(URI.create(registry.url()),
                Optional.empty())), Duration.ofSeconds(5));
        packages = new PackageService(database.jdbi(), client, store,
                new RuntimePolicy.Packages(10, 200_000, 50, 20, 10_000), audit(), Clock.systemUTC());
        registry.publish(registry.version("leftpad", "1.0.0").file("index.js", "module.exports = 1;"));
        registry.publish(registry.version("leftpad", "1.2.0").file("index.js", "module.exports = 2;"));
        registry.publish(registry.version("leftpad", "2.0.0").file("index.js", "module.exports = 3;"));
        registry.publish(registry.version("leftpad", "2.1.0-beta.1").file("index.js", "module.exports = 4;"), false);
        registry.tag("leftpad", "next", "2.1.0-beta.1");
        registry.publish(registry.version("leftpad", "1.3.0").file("index.js", "module.exports = 5;"), false);
    }

    @AfterAll
    static void stop() {
        registry.close();
        database.close();
    }

    private static AuditTrail audit() {
        return new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC());
    }

    private static PackageLock install(Map<String, String> dependencies) {
        return packages.install(dependencies, line -> { }).lock();
    }

    private static Map<String, String> versions(PackageLock lock) {
        Map<String, String> out = new LinkedHashMap<>();
        lock.packages().forEach(locked -> out.put(locked.path(), locked.version()));
        return out;
    }

    @Test
    void rangesAndTagsResolveAsNpmDoes() {
        assertThat(versions(install(Map.of("leftpad", "^1.0.0")))).containsEntry("node_modules/leftpad", "1.3.0");
        assertThat(versions(install(Map.of("leftpad", "~1.2.0")))).containsEntry("node_modules/leftpad", "1.2.0");
        assertThat(versions(install(Map.of("leftpad", "1.x || >=3")))).containsEntry("node_modules/leftpad", "1.3.0");
        assertThat(versions(install(Map.of("leftpad", "1.0.0 - 1.2.0")))).containsEntry("node_modules/leftpad", "1.2.0");
        assertThat(versions(install(Map.of("leftpad", "latest")))).containsEntry("node_modules/leftpad", "2.0.0");
        assertThat(versions(install(Map.of("leftpad", "*")))).containsEntry("node_modules/leftpad", "2.0.0");
        assertThat(versions(install(Map.of("leftpad", "next")))).containsEntry("node_modules/leftpad", "2.1.0-beta.1");
        assertThat(versions(install(Map.of("leftpad", ">=2.0.0")))).as("pre-releases stay out unless asked for")
                .containsEntry("node_modules/leftpad", "2.0.0");
    }

    @Test
    void theLockHoldsExactVersionsAndIntegritiesAndTheStoreHasTheFiles() throws Exception {
        PackageLock lock = install(Map.of("leftpad", "2.0.0"));
        PackageLock.Locked locked = lock.topLevel("leftpad").orElseThrow();
        assertThat(locked.integrity()).startsWith("sha512-");
        assertThat(Files.readString(store.directory(locked.integrity()).resolve("index.js"))).isEqualTo("module.exports = 3;");
    }

    @Test
    void transitiveDependenciesAreHoistedOrNestedAndCyclesEnd() {
        registry.publish(registry.version("cyc-a", "1.0.0").dependency("cyc-b", "^1.0.0").file("index.js", ""));
        registry.publish(registry.version("cyc-b", "1.0.0").dependency("cyc-a", "^1.0.0").dependency("leftpad", "^1.0.0")
                .file("index.js", ""));
        PackageLock lock = install(Map.of("cyc-a", "^1.0.0", "leftpad", "^2.0.0"));
        assertThat(versions(lock)).containsEntry("node_modules/cyc-a", "1.0.0")
                .containsEntry("node_modules/cyc-b", "1.0.0")
                .containsEntry("node_modules/leftpad", "2.0.0")
                .containsEntry("node_modules/cyc-b/node_modules/leftpad", "1.3.0")
                .hasSize(4);
        assertThat(lock.without("cyc-a").packages()).extracting(PackageLock.Locked::path).containsExactly("node_modules/leftpad");
    }

    @Test
    void scopedPackagesAndFullDocumentsWork() {
        registry.publish(registry.version("@acme/util", "3.1.0").file("index.js", ""));
        registry.answerInFull(true);
        try {
            assertThat(versions(install(Map.of("@acme/util", "^3.0.0")))).containsEntry("node_modules/@acme/util", "3.1.0");
        } finally {
            registry.answerInFull(false);
        }
    }

    @Test
    void optionalDependenciesThatFailAreSkippedAndPeersAndInstallScriptsAreReported() {
        registry.publish(registry.version("has-extras", "1.0.0").optionalDependency("no-such-package-x", "^1.0.0")
                .peerDependency("react", "^18").manifest("hasInstallScript", "true").file("index.js", ""));
        List<String> log = new ArrayList<>();
        PackageLock lock = packages.install(Map.of("has-extras", "1.0.0"), log::add).lock();
        assertThat(versions(lock)).containsOnlyKeys("node_modules/has-extras");
        assertThat(String.join("\n", log)).contains("skipped the optional dependency no-such-package-x")
                .contains("expects the peer dependency react@^18").contains("has an install script; hookbox never runs");
    }

    @Test
    void unknownPackagesAndUnmatchedRangesAreRefused() {
        assertThatThrownBy(() -> install(Map.of("no-such-package", "^1.0.0")))
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).isEqualTo("package_not_found"));
        assertThatThrownBy(() -> install(Map.of("leftpad", "^9.0.0")))
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).isEqualTo("no_matching_version"));
        assertThatThrownBy(() -> install(Map.of("leftpad", "git+ssh://example/x.git")))
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).isEqualTo("no_matching_version"));
    }

    @Test
    void aTarballThatDoesNotMatchItsIntegrityIsRefused() {
        FakeRegistry.Version tampered = registry.version("tampered", "1.0.0").file("index.js", "");
        tampered.integrity = FakeRegistry.integrity("something else".getBytes());
        registry.publish(tampered);
        assertThatThrownBy(() -> install(Map.of("tampered", "1.0.0")))
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).isEqualTo("integrity_mismatch"));
    }

    @Test
    void aTarballOnAnotherHostIsNeverDownloaded() {
        FakeRegistry.Version elsewhere = registry.version("elsewhere", "1.0.0").file("index.js", "");
        elsewhere.tarballUrl = "http://127.0.0.2:1/elsewhere.tgz";
        registry.publish(elsewhere);
        int before = registry.requests();
        assertThatThrownBy(() -> install(Map.of("elsewhere", "1.0.0")))
                .isInstanceOfSatisfying(HookboxException.class, e -> {
                    assertThat(e.code()).isEqualTo("registry_unavailable");
                    assertThat(e.getMessage()).contains("points its tarball to another host");
                });
        assertThat(registry.requests()).isEqualTo(before + 1);
    }

    @Test
    void unsafeArchivesAreRefused() {
        assertRefused("climbs", Map.of("package/package.json", "{}", "package/../../evil.js", "x"), List.of(), "unsafe_package");
        assertRefused("absolute", Map.of("package/package.json", "{}", "/etc/evil.js", "x"), List.of(), "unsafe_package");
        assertRefused("linked", Map.of("package/package.json", "{}"), List.<String[]>of(new String[] {"package/l.js", "/etc/passwd"}),
                "unsafe_package");
        assertRefused("cased", Map.of("package/package.json", "{}", "package/A.js", "1", "package/a.js", "2"), List.of(),
                "unsafe_package");
        assertRefused("bomb", Map.of("package/package.json", "{}", "package/zeros.js", "0".repeat(150_000)), List.of(),
                "package_too_large");
        assertRefused("native", Map.of("package/package.json", "{}", "package/build/addon.node", "x"), List.of(), "native_module");
        assertRefused("gyp", Map.of("package/package.json", "{}", "package/binding.gyp", "{}"), List.of(), "native_module");
        assertThat(dataDir.resolve("evil.js")).doesNotExist();
    }

    private static void assertRefused(String name, Map<String, String> entries, List<String[]> links, String code) {
        FakeRegistry.Version version = registry.version(name, "1.0.0");
        version.tarball = FakeRegistry.tarball(entries, links);
        registry.publish(version);
        assertThatThrownBy(() -> install(Map.of(name, "1.0.0"))).as(name)
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).as(name).isEqualTo(code));
    }

    @Test
    void limitsAreEnforced() {
        FakeRegistry.Version many = registry.version("many-files", "1.0.0");
        for (int i = 0; i < 60; i++) {
            many.file("f" + i + ".js", "x");
        }
        registry.publish(many);
        assertThatThrownBy(() -> install(Map.of("many-files", "1.0.0")))
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).isEqualTo("package_too_large"));
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("p" + i, "1.0.0");
        }
        assertThatThrownBy(() -> install(eleven))
                .isInstanceOfSatisfying(HookboxException.class, e -> assertThat(e.code()).isEqualTo("package_too_large"));
    }

    @Test
    void aFailingRegistryIsAGatewayError() {
        registry.fail(true);
        try {
            assertThatThrownBy(() -> install(Map.of("registry-down-probe", "1.0.0")))
                    .isInstanceOfSatisfying(HookboxException.class, e -> {
                        assertThat(e.code()).isEqualTo("registry_unavailable");
                        assertThat(e.kind()).isEqualTo(HookboxException.Kind.BAD_GATEWAY);
                    });
        } finally {
            registry.fail(false);
        }
    }

    @Test
    void withoutARegistryTheErrorSaysWhatToSet() {
        RegistryClient none = new RegistryClient(Optional::empty, Duration.ofSeconds(1));
        PackageService unconfigured = new PackageService(database.jdbi(), none, store, RuntimePolicy.Packages.DEFAULT,
                audit(), Clock.systemUTC());
        assertThatThrownBy(() -> unconfigured.install(Map.of("leftpad", "1.0.0"), line -> { }))
                .isInstanceOfSatisfying(HookboxException.class, e -> {
                    assertThat(e.code()).isEqualTo("registry_unavailable");
                    assertThat(e.getMessage()).contains("HOOKBOX_NPM_REGISTRY");
                });
    }

    @Test
    void searchGoesThroughTheRegistry() {
        assertThat(packages.search("leftpad", 5)).extracting(PackageService.Found::name).contains("leftpad");
    }
}
