package io.hookbox.support;

import io.hookbox.auth.AuthCore;
import io.hookbox.auth.LoginThrottle;
import io.hookbox.auth.SecretBox;
import io.hookbox.egress.EgressSettings;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.HookService;
import io.hookbox.http.ApiServices;
import io.hookbox.http.HttpApi;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.store.Database;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.CreatedTenant;
import io.hookbox.tenants.TenantService;
import io.javalin.Javalin;

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

    private TestServer(Path dataDir, Optional<String> adminKey) {
        database = Database.open(Database.h2FileUrl(dataDir));
        tenants = new TenantService(database.jdbi(), Clock.systemUTC());
        tenants.createDefaultTenant(Optional.of(API_KEY));
        hooks = new HookService(database.jdbi(), TestRuntime.shared(), Clock.systemUTC());
        auth = AuthCore.create(database.jdbi(), new PipelineRunner(TestRuntime.shared(), hooks),
                SecretBox.fromPassphrase("the test server's secret"), RetentionPolicy.DEFAULT, LoginThrottle.Policy.DEFAULT,
                Clock.systemUTC());
        app = HttpApi.create(new ApiServices(TestRuntime.shared(), tenants, hooks, new AdminAccess(adminKey), auth,
                Optional.empty(), new EgressSettings(database.jdbi(), Clock.systemUTC()))).start(0);
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
        return new TestServer(dataDir, Optional.of(ADMIN_KEY));
    }

    public static TestServer withoutAdminKey(Path dataDir) {
        return new TestServer(dataDir, Optional.empty());
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
