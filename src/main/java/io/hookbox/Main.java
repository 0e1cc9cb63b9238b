package io.hookbox;

import io.hookbox.audit.AuditTrail;
import io.hookbox.auth.AuthCore;
import io.hookbox.auth.UserQueries;
import io.hookbox.auth.LoginThrottle;
import io.hookbox.auth.SigningKeys;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.EgressSettings;
import io.hookbox.egress.Resolver;
import io.hookbox.hookcache.HookCache;
import io.hookbox.hooks.HookSecrets;
import io.hookbox.hooks.HookService;
import io.hookbox.hooks.HookStopStore;
import io.hookbox.http.ApiServices;
import io.hookbox.http.HttpApi;
import io.hookbox.packages.PackageService;
import io.hookbox.packages.PackagedHooks;
import io.hookbox.packages.RegistryLocation;
import io.hookbox.pipeline.CachedHookSource;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.secrets.SealedRows;
import io.hookbox.secrets.SecretBox;
import io.hookbox.store.DataDirectory;
import io.hookbox.store.Database;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.urlhooks.UrlHookCaller;
import io.hookbox.urlhooks.UrlHookKeys;
import io.hookbox.tenants.TenantService;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The composition root: reads the settings, opens the database, starts the worker pool, then the HTTP server. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        try {
            ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
            Hookbox hookbox = Hookbox.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(hookbox::close, "hookbox-shutdown"));
            log.info("hookbox is ready on http://localhost:{}: its workers take runs and warm up beside them", hookbox.port());
        } catch (RuntimePolicy.InvalidPolicyException | IllegalArgumentException | IllegalStateException | FlywayException e) {
            log.error("hookbox cannot start: {}", e.getMessage());
            System.exit(1);
        }
    }

    /** A running server: the database, the worker pool and the HTTP API, closed in the reverse order. */
    public record Hookbox(Database database, WorkerPool runtime, AuthCore auth, Javalin http) implements AutoCloseable {

        public static Hookbox start(ServerConfig config) {
            return start(config, WorkerLauncher.fromSystemProperties());
        }

        /** As {@link #start(ServerConfig)}, with workers started by {@code launcher}. */
        public static Hookbox start(ServerConfig config, WorkerLauncher launcher) {
            RuntimePolicy policy = RuntimePolicy.load(config.policyFile());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DataDirectory.secure(config.dataDir());
            Database database = Database.open(config.jdbcUrl());
            WorkerPool runtime = null;
            AuthCore auth = null;
            Javalin http = null;
            try {
                AuditTrail audit = new AuditTrail(database.jdbi(), config.executionRetention(), Clock.systemUTC());
                TenantService tenants = new TenantService(database.jdbi(), database.changes(), audit, Clock.systemUTC());
                createDefaultTenant(tenants, config);
                SecretBox secrets = openSecrets(config, database);
                DataDirectory.secure(config.dataDir());
                EgressSettings egressSettings = new EgressSettings(database.jdbi(), database.changes(), audit, Clock.systemUTC());
                // the workers start once the server listens: on a small machine they would slow its own start-up
                EgressService egress = new EgressService(policy.egress(), Resolver.SYSTEM, EgressService.USER_AGENT,
                        egressSettings::rules);
                runtime = WorkerPool.unstarted(policy, launcher, metrics,
                        new HookStopStore(database.jdbi()), egress);
                bindJvmMetrics(metrics);
                PackageService packages = PackageService.create(database.jdbi(), RegistryLocation::fromSystem,
                        config.dataDir().resolve("packages"), policy.packages(), audit);
                UrlHookKeys urlHookKeys = new UrlHookKeys(database.jdbi(), secrets, audit, policy.egress(), Clock.systemUTC());
                UrlHookCaller urlCalls = new UrlHookCaller(egress, urlHookKeys, policy.limits().timeoutMs(), Clock.systemUTC());
                HookService hooks = new HookService(database.jdbi(), runtime, audit, packages.deployedPackages(), Clock.systemUTC(),
                        urlHookKeys);
                HookSecrets hookSecrets = new HookSecrets(database.jdbi(), secrets, audit, Clock.systemUTC());
                auth = AuthCore.create(database.jdbi(), new PipelineRunner(runtime,
                                new CachedHookSource(new PackagedHooks(hooks, packages).withSecrets(hookSecrets::valuesOf), hooks::generationOf), metrics,
                                new HookCache(database.jdbi(), Clock.systemUTC()), new UserQueries(database.jdbi()))
                                .withUrlHooks(urlCalls),
                        secrets, config.executionRetention(), LoginThrottle.Policy.DEFAULT, config.maxCustomClaimsBytes(), audit,
                        policy.outbox(), metrics, Clock.systemUTC());
                auth.pruning().scheduleWithFixedDelay(audit::prune, 0, AuthCore.PRUNE_EVERY_MINUTES, TimeUnit.MINUTES);
                ApiServices services = new ApiServices(runtime, tenants, hooks, new AdminAccess(config.adminKey()), auth,
                        config.exposure(), metrics, packages, audit, egressSettings, hookSecrets, urlHookKeys, urlCalls);
                http = HttpApi.create(services).start(config.port());
                log.info("hookbox is listening on http://localhost:{}; its workers are starting", http.port());
                runtime.startWorkers();
                runtime.awaitServing();
                return new Hookbox(database, runtime, auth, http);
            } catch (RuntimeException e) {
                if (http != null) {
                    http.stop();
                }
                if (auth != null) {
                    auth.close();
                }
                if (runtime != null) {
                    runtime.close();
                }
                database.close();
                throw e;
            }
        }

        /**
         * The server's secret box, keyed by HOOKBOX_SECRET (HOOKBOX_SECRET_PREVIOUS still opens); what was sealed under
         * the previous key, or before key versions, is sealed again under the current one.
         */
        public static SecretBox openSecrets(ServerConfig config, Database database) {
            SecretBox secrets = SecretBox.open(config.secret(), config.previousSecret(), config.dataDir(), database.jdbi());
            for (SealedRows sealed : List.of(SigningKeys.SEALED, HookSecrets.SEALED, UrlHookKeys.SEALED)) {
                int resealed = sealed.resealAll(database.jdbi(), secrets);
                if (resealed > 0) {
                    log.info("re-sealed {} values of {} under the current server key", resealed, sealed.table());
                }
            }
            return secrets;
        }

        /** After the pool, whose meter filters must come before any meter. */
        private static void bindJvmMetrics(PrometheusMeterRegistry metrics) {
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
        }

        private static void createDefaultTenant(TenantService tenants, ServerConfig config) {
            tenants.createDefaultTenant(config.apiKey()).ifPresentOrElse(created -> {
                if (config.apiKey().isPresent()) {
                    log.info("created the tenant '{}' with the API key HOOKBOX_API_KEY", created.id());
                } else {
                    log.warn("created the tenant '{}'; its API key, shown only this once: {}", created.id(), created.apiKey());
                }
            }, () -> config.apiKey()
                    .filter(key -> tenants.authenticate(key).isEmpty())
                    .ifPresent(key -> log.warn("HOOKBOX_API_KEY is not a key of any tenant: it is used only on the first start,"
                            + " when the database is empty")));
        }

        public int port() {
            return http.port();
        }

        @Override
        public void close() {
            http.stop();
            auth.close();
            runtime.close();
            database.close();
        }
    }
}
