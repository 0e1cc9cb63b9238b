package io.hookbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * scripts/bench: hookbox against the engines a Java team would pick instead, on the same hooks and data, in one run.
 * Prints the tables and writes docs/benchmarks.md and the README's headline (or, for a smoke run, target/bench/).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("hookbox.home", ".")).toAbsolutePath().normalize();
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        if (args.length > 0 && args[0].equals("attack")) {
            AttackScenario.run(home, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("fetch")) {
            FetchBench.run(home, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("startup")) {
            try (ServerProcess server = ServerProcess.start(home)) {
                System.out.printf("server process start to listening: %d ms; to the first successful test run: %d ms;"
                        + " to /health: %d ms; to /health/ready (workers warm): %d ms (load average %s)%n",
                        server.listenMillis(), server.firstRunMillis(),
                        server.startMillis(), server.warmMillis(), loadAverage());
            }
            return;
        }
        if (args.length > 0 && args[0].equals("require")) {
            RequireBench.run(home, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("pipeline")) {
            PipelineBench.run(home, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("envelope")) {
            EnvelopeBench.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("path")) {
            path(home, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(home, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BenchResults results = new BenchResults(machine(options));
        System.out.println(BenchmarksDoc.machine(results));
        if (options.inProcess()) {
            InProcessSuite.run(options, results);
        }
        if (options.server()) {
            ServerSuite.run(options, results);
        }
        results.loadAfter = loadAverage();
        System.out.println();
        System.out.println(BenchmarksDoc.tables(results));
        Path document = options.writeDocs() ? home.resolve("docs/benchmarks.md") : home.resolve("target/bench/benchmarks.md");
        BenchmarksDoc.writeDocument(results, document);
        System.out.println("wrote " + home.relativize(document));
        if (options.writeDocs() && BenchmarksDoc.updateReadme(results, home.resolve("README.md"))) {
            System.out.println("updated the headline table in README.md");
        }
    }

    /**
     * The former PathBench: a trivial hook through POST /api/run, median and p99.
     * Arguments: [--reuse] [warm-up s] [requests]; {@code --reuse} turns contexts.reuse on.
     */
    private static void path(Path home, String[] arguments) throws Exception {
        boolean reuse = arguments.length > 0 && arguments[0].equals("--reuse");
        String[] args = reuse ? java.util.Arrays.copyOfRange(arguments, 1, arguments.length) : arguments;
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        BenchOptions options = BenchOptions.parse(home, new String[] {"--http-warmup=" + warmupSeconds,
                "--http-requests=" + requests});
        BenchResults results = new BenchResults(machine(options));
        ServerSuite.runPath(options, results, reuse);
        System.out.printf("%d cores, %s%n", results.machine.cores(), results.machine.jdk());
    }

    private static BenchResults.Machine machine(BenchOptions options) throws IOException {
        return new BenchResults.Machine(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + ", " + cpuModel(),
                NodeEngine.version(), loadAverage(), options.describe());
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown CPU";
        }
        return Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
