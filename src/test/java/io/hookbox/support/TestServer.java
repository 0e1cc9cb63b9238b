package io.hookbox.support;

import io.hookbox.auth.AuthCore;
import io.hookbox.auth.LoginThrottle;
import io.hookbox.auth.SecretBox;
import io.hookbox.egress.EgressSettings;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.HookService;
import io.hookbox.http.ApiServices;
import io.hookbox.http.Exposure;
import io.hookbox.http.HttpApi;
import io.hookbox.packages.PackageService;
import io.hookbox.packages.PackagedHooks;
import io.hookbox.packages.RegistryLocation;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.store.Database;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.CreatedTenant;
import io.hookbox.tenants.TenantService;
import io.javalin.Javalin;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API on a real H2 database in a test's directory and the shared worker pool, with the tenant
 * {@code default} (key {@link #API_KEY}) and, unless told otherwise, the admin key {@link #ADMIN_KEY}.
 */
public final class TestServer implements AutoCloseable {

    public static final String API_KEY = "hbk_test-key-of-the-default-tenant";
    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    private static final AtomicInteger tenantCount = new AtomicInteger();

    private final Database database;
    private final TenantService tenants;
    private final HookService hooks;
    private final AuthCore auth;
    private final Javalin app;

    /** The default throttle, but for sign-ups: tests sign many users up from one address. */
    public static final LoginThrottle.Policy THROTTLING = new LoginThrottle.Policy(LoginThrottle.Policy.DEFAULT.freeFailures(),
            LoginThrottle.Policy.DEFAULT.freeAccountFailures(), LoginThrottle.Policy.DEFAULT.freeAddressFailures(), 100_000,
            LoginThrottle.Policy.DEFAULT.firstDelay(), LoginThrottle.Policy.DEFAULT.maxDelay(), LoginThrottle.Policy.DEFAULT.forgetAfter());

    private TestServer(Path dataDir, Optional<String> adminKey, Exposure exposure, LoginThrottle.Policy throttling,
                       Optional<RegistryLocation> registry) {
        database = Database.open(Database.h2FileUrl(dataDir));
        tenants = new TenantService(database.jdbi(), Clock.systemUTC());
        tenants.createDefaultTenant(Optional.of(API_KEY));
        hooks = new HookService(database.jdbi(), TestRuntime.shared(), Clock.systemUTC());
        PackageService packages = PackageService.create(database.jdbi(), () -> registry, dataDir.resolve("packages"),
                TestRuntime.policy().packages());
        auth = AuthCore.create(database.jdbi(), new PipelineRunner(TestRuntime.shared(), new PackagedHooks(hooks, packages),
                        TestRuntime.METRICS),
                SecretBox.fromPassphrase("the test server's secret"), RetentionPolicy.DEFAULT, throttling,
                Clock.systemUTC());
        app = HttpApi.create(new ApiServices(TestRuntime.shared(), tenants, hooks, new AdminAccess(adminKey), auth,
                exposure, TestRuntime.METRICS, packages, new EgressSettings(database.jdbi(), Clock.systemUTC()))).start(0);
    }

    private static TestServer shared;

    /**
     * One server for the whole test run, on a temporary directory, for tests that need no server of their own:
     * each of them works in a tenant of its own ({@link #newTenant()}), so they cannot see each other.
     */
    public static synchronized TestServer shared() {
        if (shared == null) {
            try {
                Path dataDir = java.nio.file.Files.createTempDirectory("hookbox-test-server");
                shared = start(dataDir);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    public static TestServer start(Path dataDir) {
        return new TestServer(dataDir, Optional.of(ADMIN_KEY), Exposure.forDevelopment(), THROTTLING, Optional.empty());
    }

    /** A server reached as {@code exposure} says, throttling as {@code throttling} says. */
    public static TestServer start(Path dataDir, Exposure exposure, LoginThrottle.Policy throttling) {
        return new TestServer(dataDir, Optional.of(ADMIN_KEY), exposure, throttling, Optional.empty());
    }

    /** A server whose packages come from the registry at {@code registryUrl} (a {@link FakeRegistry} on loopback). */
    public static TestServer withRegistry(Path dataDir, String registryUrl) {
        return new TestServer(dataDir, Optional.of(ADMIN_KEY), Exposure.forDevelopment(), THROTTLING,
                Optional.of(new RegistryLocation(java.net.URI.create(registryUrl), Optional.empty())));
    }

    public static TestServer withoutAdminKey(Path dataDir) {
        return new TestServer(dataDir, Optional.empty(), Exposure.forDevelopment(), THROTTLING, Optional.empty());
    }

    /** A client with the default tenant's key. */
    public ApiClient client() {
        return withKey(API_KEY);
    }

    /** A tenant made for one test, and a client with its key. */
    public record Tenant(String id, ApiClient client) {
    }

    /** A new tenant of its own, so a test sees only its own hooks. */
    public Tenant newTenant() {
        CreatedTenant created = tenants.create("tenant-" + tenantCount.incrementAndGet(), "A test tenant");
        return new Tenant(created.id(), withKey(created.apiKey()));
    }

    public ApiClient admin() {
        return withKey(ADMIN_KEY);
    }

    public ApiClient withKey(String key) {
        return anonymous().withHeader("Authorization", "Bearer " + key);
    }

    public ApiClient anonymous() {
        return new ApiClient(app.port());
    }

    public Javalin app() {
        return app;
    }

    public TenantService tenants() {
        return tenants;
    }

    public Jdbi jdbi() {
        return database.jdbi();
    }

    public HookService hooks() {
        return hooks;
    }

    public AuthCore auth() {
        return auth;
    }

    /** The base URL of the server, such as http://localhost:41234. */
    public String url() {
        return "http://localhost:" + app.port();
    }

    @Override
    public void close() {
        app.stop();
        auth.close();
        database.close();
    }
}
