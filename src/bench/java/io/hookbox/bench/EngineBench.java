package io.hookbox.bench;

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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One invocation of a scenario on an engine, one at a time, sampled for its latency distribution. BenchMain chooses
 * the engines, scenarios, forks and iterations; the JVM flags are a hookbox worker's (JVMCI and the Graal compiler).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBench {

    @Param({Engines.HOOKBOX, Engines.HOOKBOX_WORKER, Engines.GRAAL_FRESH, Engines.GRAAL_REUSED, Engines.NASHORN,
            Engines.RHINO_FRESH, Engines.RHINO_SEALED, Engines.NODE})
    public String engine;

    @Param({Workload.TRIVIAL, Workload.REALISTIC, Workload.COMPUTE, Workload.PIPELINE, Workload.COLD})
    public String scenario;

    private HookEngine hooks;
    private Workload workload;

    @Setup(Level.Trial)
    public void start() throws Exception {
        hooks = Engines.start(engine, Path.of(System.getProperty("hookbox.home", ".")));
        workload = Workload.named(scenario);
        String output = workload.runOnce(hooks);
        if (!workload.producedBy(output)) {
            throw new IllegalStateException(engine + " did not produce the " + scenario + " result: " + output);
        }
    }

    @Benchmark
    public String invoke() throws Exception {
        return workload.runOnce(hooks);
    }

    @TearDown(Level.Trial)
    public void stop() {
        hooks.close();
    }
}
