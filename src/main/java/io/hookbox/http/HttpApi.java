package io.hookbox.http;

import io.hookbox.auth.AuthCore;
import io.hookbox.packages.HooksWithPackages;
import io.hookbox.packages.PackagedHooks;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.testrun.TestRuns;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.util.Map;

import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.beforeMatched;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

/** The HTTP API: one route table; handlers parse, call a service and answer. The dashboard is static files at {@code /}. */
public final class HttpApi {

    /** Bodies above this are refused with 413 before they are read. */
    public static final long MAX_BODY_BYTES = 2L << 20;
    /**
     * How long a stopping server waits for the requests it is serving (a sign-in's hooks included) to finish. It
     * stops accepting connections at once, so a load balancer sends the next requests to another node.
     */
    private static final long STOP_TIMEOUT_MILLIS = 15_000;

    /**
     * The dashboard runs only its own scripts; Monaco adds inline styles and loads its web workers and icon font
     * from the same origin.
     */
    private static final Map<String, String> DASHBOARD_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " font-src 'self' data:; img-src 'self' data:; worker-src 'self' blob:; connect-src 'self';"
                    + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private HttpApi() {
    }

    public static Javalin create(ApiServices services) {
        HealthRoutes health = new HealthRoutes(services.runtime());
        MetricsRoutes metrics = new MetricsRoutes(services.metrics());
        OpenApiRoutes openApi = new OpenApiRoutes();
        Authentication authentication = new Authentication(services.tenants(), services.admin());
        RunRoutes runs = new RunRoutes(new TestRuns(PipelineRunner.forTestRuns(services.runtime(),
                new PackagedHooks(services.hooks().drafts(), services.packages()).withSecrets(services.secrets()::valuesOf),
                services.metrics(), services.auth().users().questions()).withUrlHooks(services.urlCalls()),
                new PackagedHooks(services.hooks(), services.packages()).withSecrets(services.secrets()::valuesOf)),
                services.hooks(), services.packages());
        HookTypeRoutes hookTypes = new HookTypeRoutes();
        TemplateRoutes templates = new TemplateRoutes();
        HookRoutes hooks = new HookRoutes(services.hooks(), new HooksWithPackages(services.hooks(), services.packages()),
                services.urlHookKeys());
        PackageRoutes packages = new PackageRoutes(services.packages());
        SecretRoutes secrets = new SecretRoutes(services.secrets());
        AdminRoutes admin = new AdminRoutes(services.tenants(), services.auth().signingKeys());
        AuthCore core = services.auth();
        AuthRoutes auth = new AuthRoutes(services.tenants(), core.signUp(), core.signIn(), core.applications(), core.signingKeys(),
                services.exposure());
        ApplicationRoutes applications = new ApplicationRoutes(core.applications());
        UserRoutes users = new UserRoutes(core.users(), core.userManagement());
        ExecutionRoutes executions = new ExecutionRoutes(core.executions());
        DeliveryRoutes deliveries = new DeliveryRoutes(core.outbox());
        AuditRoutes audit = new AuditRoutes(services.audit());
        EgressRoutes egress = new EgressRoutes(services.egress());
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server -> {
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
            });
            ErrorHandling.register(config.routes);
            serveDashboard(config);
            config.routes.apiBuilder(() -> {
                get("/health", health::health);
                get("/health/live", health::live);
                get("/health/ready", health::ready);
                get("/metrics", metrics::scrape);
                get("/openapi.json", openApi::document);
                before(ctx -> RequestInfos.rememberClientAddress(ctx, services.exposure().trustedProxies()));
                path("/t/{tenant}", () -> {
                    before("/*", auth::requirePublicHost);
                    post("/signup", auth::signUp);
                    post("/login", auth::login);
                    post("/oauth/token", auth::token);
                    get("/.well-known/openid-configuration", auth::discovery);
                    get("/.well-known/jwks.json", auth::jwks);
                });
                beforeMatched("/api/*", authentication::authenticate);
                path("/api", () -> {
                    post("/run", runs::run);
                    post("/pipelines/{type}/run", runs::runPipeline);
                    get("/packages/search", packages::search);
                    get("/hook-types", hookTypes::list);
                    get("/hook-types/{type}/sample", hookTypes::sample);
                    get("/templates", templates::list);
                    path("/hooks", () -> {
                        get(hooks::list);
                        post(hooks::create);
                        put("/order", hooks::reorder);
                        path("/{id}", () -> {
                            get(hooks::get);
                            patch(hooks::patch);
                            delete(hooks::delete);
                            post("/move", hooks::move);
                            post("/run", runs::runStored);
                            get("/packages", packages::list);
                            put("/packages/{name}", packages::put);
                            delete("/packages/{name}", packages::delete);
                            get("/secrets", secrets::list);
                            put("/secrets/{name}", secrets::put);
                            delete("/secrets/{name}", secrets::delete);
                            post("/deploy", hooks::deploy);
                            post("/signing-secret", hooks::rotateSigningSecret);
                            get("/versions", hooks::versions);
                            get("/versions/{number}", hooks::version);
                            post("/versions/{number}/deploy", hooks::redeploy);
                        });
                    });
                    path("/applications", () -> {
                        get(applications::list);
                        post(applications::create);
                        get("/{clientId}", applications::get);
                        patch("/{clientId}", applications::patch);
                        delete("/{clientId}", applications::delete);
                    });
                    path("/users", () -> {
                        get(users::list);
                        path("/{id}", () -> {
                            get(users::get);
                            patch(users::patch);
                            delete(users::delete);
                        });
                    });
                    get("/executions", executions::list);
                    path("/deliveries", () -> {
                        get(deliveries::list);
                        get("/{id}", deliveries::get);
                        post("/{id}/retry", deliveries::retry);
                    });
                    get("/audit", audit::list);
                    get("/settings/egress", egress::get);
                    put("/settings/egress", egress::put);
                    // without an admin key the admin routes do not exist: 404, as for any unknown route
                    if (services.admin().enabled()) {
                        path("/admin/tenants", () -> {
                            get(admin::listTenants, ApiRole.ADMIN);
                            post(admin::createTenant, ApiRole.ADMIN);
                            path("/{tenantId}", () -> {
                                delete(admin::deleteTenant, ApiRole.ADMIN);
                                post("/keys", admin::issueKey, ApiRole.ADMIN);
                                delete("/keys/{keyId}", admin::revokeKey, ApiRole.ADMIN);
                                post("/signing-keys/rotate", admin::rotateSigningKey, ApiRole.ADMIN);
                            });
                        });
                    }
                });
            });
        });
    }

    private static void serveDashboard(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
            files.headers = DASHBOARD_HEADERS;
        });
        config.staticFiles.enableWebjars();
    }
}
