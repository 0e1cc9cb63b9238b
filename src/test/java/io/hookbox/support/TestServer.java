package io.hookbox.support;

import io.hookbox.audit.AuditTrail;
import io.hookbox.auth.AuthCore;
import io.hookbox.auth.UserQueries;
import io.hookbox.auth.LoginThrottle;
import io.hookbox.egress.EgressPolicy;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.EgressSettings;
import io.hookbox.egress.Resolver;
import io.hookbox.secrets.SecretBox;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hookcache.HookCache;
import io.hookbox.hooks.HookSecrets;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.http.ApiServices;
import io.hookbox.http.Exposure;
import io.hookbox.http.HttpApi;
import io.hookbox.packages.PackageService;
import io.hookbox.packages.PackagedHooks;
import io.hookbox.packages.RegistryLocation;
import io.hookbox.pipeline.CachedHookSource;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.store.Database;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.CreatedTenant;
import io.hookbox.tenants.TenantService;
import io.hookbox.urlhooks.UrlHookCaller;
import io.hookbox.urlhooks.UrlHookKeys;
import io.javalin.Javalin;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API on a real database (H2 in a test's directory, or a fresh PostgreSQL database: {@link Backend}) and the
 * shared worker pool, with the tenant {@code default} (key {@link #API_KEY}) and, unless told otherwise, the admin
 * key {@link #ADMIN_KEY}. Several servers on one database ({@link #onDatabase}) are the nodes of one cluster.
 */
public final class TestServer implements AutoCloseable {

    public static final String API_KEY = "hbk_test-key-of-the-default-tenant";
    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    private static final AtomicInteger tenantCount = new AtomicInteger();

    private final Database database;
    private final TenantService tenants;
    private final HookService hooks;
    private final HookSecrets secrets;
    private final AuthCore auth;
    private final Javalin app;
    private final EgressService egress;

    /**
     * Where the server's URL hooks may go: {@code policy} with {@code resolver} (a stub: tests never look a name up),
     * each call within {@code timeoutMs}.
     */
    public record UrlHookEgress(EgressPolicy policy, Resolver resolver, long timeoutMs) {

        /** The default policy and a resolver that knows no name: a URL hook calls nothing beyond a literal address. */
        public static final UrlHookEgress NONE = new UrlHookEgress(EgressPolicy.DEFAULT, host -> {
            throw new java.net.UnknownHostException(host);
        }, 3_000);

        /** Receivers on loopback at {@code hostPorts} (allowHosts entries), names from {@code resolver}. */
        public static UrlHookEgress loopback(List<String> hostPorts, Resolver resolver, long timeoutMs) {
            EgressPolicy d = EgressPolicy.DEFAULT;
            return new UrlHookEgress(new EgressPolicy(true, d.allowedPorts(), hostPorts, List.of(), d.maxRedirects(),
                    d.maxRequestsPerRun(), d.maxConcurrentPerRun(), d.maxRequestBytes(), 4_096, 500, d.requestsPerMinute()),
                    resolver, timeoutMs);
        }
    }

    /** The default throttle, but for sign-ups: tests sign many users up from one address. */
    public static final LoginThrottle.Policy THROTTLING = new LoginThrottle.Policy(LoginThrottle.Policy.DEFAULT.freeFailures(),
            LoginThrottle.Policy.DEFAULT.freeAccountFailures(), LoginThrottle.Policy.DEFAULT.freeAddressFailures(), 100_000,
            LoginThrottle.Policy.DEFAULT.firstDelay(), LoginThrottle.Policy.DEFAULT.maxDelay(), LoginThrottle.Policy.DEFAULT.forgetAfter());

    /** {@code dataDir}: where the server keeps its files (npm packages; H2's file when {@code jdbcUrl} names it). */
    private TestServer(Path dataDir, String jdbcUrl, Optional<String> adminKey, Exposure exposure, LoginThrottle.Policy throttling,
                       Optional<RegistryLocation> registry) {
        this(dataDir, jdbcUrl, adminKey, exposure, throttling, registry, 0, UrlHookEgress.NONE);
    }

    /** {@code port}: 0 for any free one. */
    private TestServer(Path dataDir, String jdbcUrl, Optional<String> adminKey, Exposure exposure, LoginThrottle.Policy throttling,
                       Optional<RegistryLocation> registry, int port, UrlHookEgress urlHookEgress) {
        database = Database.open(jdbcUrl);
        AuditTrail audit = new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC());
        tenants = new TenantService(database.jdbi(), database.changes(), audit, Clock.systemUTC());
        tenants.createDefaultTenant(Optional.of(API_KEY));
        SecretBox box = SecretBox.withKey("the test server's key: 32 bytes or more".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        secrets = new HookSecrets(database.jdbi(), box, audit, Clock.systemUTC());
        PackageService packages = PackageService.create(database.jdbi(), () -> registry, dataDir.resolve("packages"),
                TestRuntime.policy().packages(), audit);
        EgressSettings egressSettings = new EgressSettings(database.jdbi(), database.changes(), audit, Clock.systemUTC());
        egress = new EgressService(urlHookEgress.policy(), urlHookEgress.resolver(), EgressService.USER_AGENT, egressSettings::rules);
        UrlHookKeys urlHookKeys = new UrlHookKeys(database.jdbi(), box, audit, urlHookEgress.policy(), Clock.systemUTC());
        UrlHookCaller urlCalls = new UrlHookCaller(egress, urlHookKeys, urlHookEgress.timeoutMs(), Clock.systemUTC());
        hooks = new HookService(database.jdbi(), TestRuntime.shared(), audit, packages.deployedPackages(), Clock.systemUTC(),
                urlHookKeys);
        auth = AuthCore.create(database.jdbi(), new PipelineRunner(TestRuntime.shared(),
                        new CachedHookSource(new PackagedHooks(hooks, packages).withSecrets(secrets::valuesOf), hooks::generationOf),
                        TestRuntime.METRICS, new HookCache(database.jdbi(), Clock.systemUTC()), new UserQueries(database.jdbi()))
                        .withUrlHooks(urlCalls),
                box, RetentionPolicy.DEFAULT, throttling,
                SignInClaims.DEFAULT_MAX_CUSTOM_CLAIMS_BYTES, audit, TestRuntime.policy().outbox(), TestRuntime.METRICS, Clock.systemUTC());
        app = HttpApi.create(new ApiServices(TestRuntime.shared(), tenants, hooks, new AdminAccess(adminKey), auth,
                exposure, TestRuntime.METRICS, packages, audit, egressSettings, secrets, urlHookKeys, urlCalls)).start(port);
    }

    private static final Map<Backend, TestServer> shared = new EnumMap<>(Backend.class);

    /** {@link #shared(Backend)} on H2. */
    public static TestServer shared() {
        return shared(Backend.H2);
    }

    /**
     * One server per backend for the whole test run, on a temporary directory or database, for tests that need no
     * server of their own: each of them works in a tenant of its own ({@link #newTenant()}), so they cannot see each other.
     */
    public static synchronized TestServer shared(Backend backend) {
        backend.assumeAvailable();
        return shared.computeIfAbsent(backend, ignored -> {
            try {
                TestServer server = start(backend, java.nio.file.Files.createTempDirectory("hookbox-test-server"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                return server;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** A server of its own on H2 in {@code dataDir}. */
    public static TestServer start(Path dataDir) {
        return start(Backend.H2, dataDir);
    }

    /** A server of its own on a fresh database of {@code backend} ({@code dataDir} holds H2's file, if H2, and packages). */
    public static TestServer start(Backend backend, Path dataDir) {
        return new TestServer(dataDir, backend.jdbcUrl(dataDir), Optional.of(ADMIN_KEY), Exposure.forDevelopment(), THROTTLING,
                Optional.empty());
    }

    /**
     * A server on the database at {@code jdbcUrl}, throttling as {@code throttling} says; two of them on one database
     * are two nodes of a cluster.
     */
    public static TestServer onDatabase(String jdbcUrl, LoginThrottle.Policy throttling) {
        return onDatabase(jdbcUrl, throttling, 0);
    }

    /** {@link #onDatabase(String, LoginThrottle.Policy)} listening on {@code port}, as a node behind a load balancer. */
    public static TestServer onDatabase(String jdbcUrl, LoginThrottle.Policy throttling, int port) {
        try {
            return new TestServer(java.nio.file.Files.createTempDirectory("hookbox-node"), jdbcUrl, Optional.of(ADMIN_KEY),
                    Exposure.forDevelopment(), throttling, Optional.empty(), port, UrlHookEgress.NONE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A server on the database at {@code jdbcUrl} whose URL hooks go out as {@code urlHookEgress} says. */
    public static TestServer onDatabase(String jdbcUrl, UrlHookEgress urlHookEgress) {
        try {
            return new TestServer(java.nio.file.Files.createTempDirectory("hookbox-node"), jdbcUrl, Optional.of(ADMIN_KEY),
                    Exposure.forDevelopment(), THROTTLING, Optional.empty(), 0, urlHookEgress);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A server reached as {@code exposure} says, throttling as {@code throttling} says. */
    public static TestServer start(Path dataDir, Exposure exposure, LoginThrottle.Policy throttling) {
        return new TestServer(dataDir, Database.h2FileUrl(dataDir), Optional.of(ADMIN_KEY), exposure, throttling, Optional.empty());
    }

    /** A server whose packages come from the registry at {@code registryUrl} (a {@link FakeRegistry} on loopback). */
    public static TestServer withRegistry(Path dataDir, String registryUrl) {
        return new TestServer(dataDir, Database.h2FileUrl(dataDir), Optional.of(ADMIN_KEY), Exposure.forDevelopment(), THROTTLING,
                Optional.of(new RegistryLocation(java.net.URI.create(registryUrl), Optional.empty())));
    }

    /** A server of its own on H2 in {@code dataDir} whose URL hooks go out as {@code urlHookEgress} says. */
    public static TestServer withUrlHooks(Path dataDir, UrlHookEgress urlHookEgress) {
        return new TestServer(dataDir, Database.h2FileUrl(dataDir), Optional.of(ADMIN_KEY), Exposure.forDevelopment(), THROTTLING,
                Optional.empty(), 0, urlHookEgress);
    }

    public static TestServer withoutAdminKey(Path dataDir) {
        return new TestServer(dataDir, Database.h2FileUrl(dataDir), Optional.empty(), Exposure.forDevelopment(), THROTTLING,
                Optional.empty());
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

    public HookSecrets secrets() {
        return secrets;
    }

    public AuthCore auth() {
        return auth;
    }

    /** The base URL of the server, such as http://localhost:41234. */
    public String url() {
        return "http://localhost:" + app.port();
    }

    /**
     * Stops at once, as a crash looks from outside: its connections are closed, with the requests on them unanswered.
     * {@link #close} stops gracefully instead: no new connection is accepted, but the requests already in are answered.
     */
    public void crash() {
        app.jettyServer().server().setStopTimeout(0);
        close();
    }

    @Override
    public void close() {
        app.stop();
        auth.close();
        egress.close();
        database.close();
    }
}
