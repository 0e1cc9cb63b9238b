package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.audit.AuditTrail;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.packages.PackageService;
import io.hookbox.packages.RegistryLocation;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.store.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What npm packages add to an invocation: a hook that requires lodash and dayjs against one that requires nothing,
 * in fresh and in reused contexts, through the worker pool. The packages come from the registry this machine is
 * configured for (HOOKBOX_NPM_REGISTRY or npm's configuration), installed once at setup; runs never touch the network.
 * Not yet measured: see the report in docs/benchmarks.md once it is run on a quiet machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PackagesBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PACKAGES = Map.of("lodash", "^4.17.21", "dayjs", "^1.11.0");
    private static final String WITH_PACKAGES = "const _ = require('lodash'); const dayjs = require('dayjs');\n"
            + "function handle(data, callback) { data.user.app_metadata.groups = _.uniq(['a', 'b', 'a']);"
            + " data.user.app_metadata.year = dayjs('2024-05-06').year(); callback(null, data); }";
    private static final String WITHOUT_PACKAGES = "function handle(data, callback) {"
            + " data.user.app_metadata.groups = [...new Set(['a', 'b', 'a'])]; data.user.app_metadata.year = 2024;"
            + " callback(null, data); }";

    @Param({"none", "lodash+dayjs"})
    public String packages;

    @Param({"fresh", "reused"})
    public String contexts;

    private Path dataDir;
    private Database database;
    private WorkerPool pool;
    private HookPackages installed;
    private String source;
    private JsonNode input;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path home = Path.of(System.getProperty("hookbox.home", "."));
        RuntimePolicy policy = RuntimePolicy.load(home.resolve("sandbox-policy.json"));
        if (contexts.equals("reused")) {
            policy = HookboxEngine.withContextReuse(policy);
        }
        dataDir = Files.createTempDirectory("hookbox-packages-bench");
        database = Database.open(Database.h2FileUrl(dataDir));
        boolean withPackages = packages.equals("lodash+dayjs");
        installed = withPackages
                ? PackageService.create(database.jdbi(), RegistryLocation::fromSystem, dataDir.resolve("packages"), policy.packages(),
                        new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()))
                        .forDraft(PACKAGES)
                : HookPackages.NONE;
        source = withPackages ? WITH_PACKAGES : WITHOUT_PACKAGES;
        input = JSON.readTree(Workload.INPUT);
        pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties());
        io.hookbox.support.TestRuntime.awaitWarm(pool);
        invoke();
    }

    @Benchmark
    public JsonNode invoke() {
        RunResult result = pool.run(new RunRequest("bench", source, input, "live:hook:packages-bench", installed));
        if (!result.succeeded()) {
            throw new IllegalStateException("the hook failed: " + result.error());
        }
        return result.result();
    }

    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
        database.close();
    }
}
