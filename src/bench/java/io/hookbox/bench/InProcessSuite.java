package io.hookbox.bench;

import io.hookbox.sandbox.supervisor.WorkerJvmFlags;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine-by-scenario latencies: JMH (EngineBench) in forked JVMs with a worker's flags, then the Node peer timed
 * inside Node.
 */
final class InProcessSuite {

    private static final int WORKER_HEAP_MB = 768;
    private static final int NODE_INSIDE_ITERATIONS = 5_000;

    private InProcessSuite() {
    }

    static void run(BenchOptions options, BenchResults results) throws RunnerException, IOException {
        List<String> engines = new ArrayList<>(options.engines());
        if (engines.contains(Engines.NODE) && results.machine.node() == null) {
            engines.remove(Engines.NODE);
            results.notes.add("Node.js peer skipped: no `node` on this machine's PATH.");
        }
        List<String> graalBased = engines.stream().filter(Engines::usesGraalJs).toList();
        List<String> peers = engines.stream().filter(engine -> !Engines.usesGraalJs(engine)).toList();
        if (!graalBased.isEmpty()) {
            runJmh(options, graalBased, options.graalWarmup(), "jmh-graaljs.json", results);
        }
        if (!peers.isEmpty()) {
            runJmh(options, peers, options.warmup(), "jmh-peers.json", results);
        }
        if (engines.contains(Engines.NODE)) {
            timeInsideNode(options, results);
        }
    }

    private static void runJmh(BenchOptions options, List<String> engines, BenchOptions.Iterations warmup, String resultFile,
                               BenchResults results) throws RunnerException, IOException {
        Path jmhResults = Files.createDirectories(options.home().resolve("target/bench")).resolve(resultFile);
        List<String> jvmArgs = new ArrayList<>(WorkerJvmFlags.of(WORKER_HEAP_MB));
        jvmArgs.add("-Dhookbox.home=" + options.home());
        jvmArgs.add("-DHOOKBOX_LOG_LEVEL=WARN");
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .include(EngineBench.class.getName() + ".invoke")
                .param("engine", engines.toArray(String[]::new))
                .param("scenario", options.scenarios().toArray(String[]::new))
                .forks(options.forks())
                .warmupIterations(warmup.count())
                .warmupTime(TimeValue.milliseconds(warmup.millis()))
                .measurementIterations(options.measurement().count())
                .measurementTime(TimeValue.milliseconds(options.measurement().millis()))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .resultFormat(ResultFormatType.JSON)
                .result(jmhResults.toString())
                .shouldFailOnError(false);
        for (RunResult run : new Runner(jmh.build()).run()) {
            Result<?> primary = run.getPrimaryResult();
            Statistics statistics = primary.getStatistics();
            String engine = run.getParams().getParam("engine");
            String scenario = run.getParams().getParam("scenario");
            results.engine(engine, scenario, new Latency(statistics.getN(), statistics.getPercentile(50), statistics.getPercentile(99)));
        }
        for (String engine : engines) {
            for (String scenario : options.scenarios()) {
                if (results.engine(engine, scenario) == null) {
                    results.notes.add(engine + " / " + scenario + " failed: see the JMH output above.");
                }
            }
        }
    }

    private static void timeInsideNode(BenchOptions options, BenchResults results) throws IOException {
        long warmupMs = (long) options.warmup().count() * options.warmup().millis();
        try (NodeEngine node = new NodeEngine()) {
            for (String scenario : options.scenarios()) {
                Workload workload = Workload.named(scenario);
                int iterations = options.quick() ? 200 : NODE_INSIDE_ITERATIONS;
                results.engine(Engines.NODE_INSIDE, scenario, Latency.ofNanos(node.timeInside(workload, warmupMs, iterations)));
            }
        }
    }
}
