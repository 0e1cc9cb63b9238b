package io.hookbox.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one run of scripts/bench measures and for how long. {@code --quick} is a smoke run of a few seconds per
 * benchmark; its numbers are not measurements.
 */
record BenchOptions(
        Path home,
        boolean quick,
        List<String> engines,
        List<String> scenarios,
        boolean inProcess,
        boolean server,
        boolean writeDocs,
        int forks,
        Iterations warmup,
        Iterations graalWarmup,
        Iterations measurement,
        int httpWarmupSeconds,
        int httpRequests,
        int logins,
        int clients,
        int throughputSeconds) {

    /** JMH iterations: how many, and how long each. */
    record Iterations(int count, int millis) {
        /** "5x4000": five iterations of 4000 ms. */
        static Iterations parse(String value) {
            String[] parts = value.split("x", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected iterations x milliseconds, as 5x4000, not " + value);
            }
            return new Iterations(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
    }

    static final String USAGE = """
            scripts/bench [--quick] [--engines=a,b] [--scenarios=x,y] [--no-server] [--server-only] [--no-docs | --write-docs]
                          [--forks=n] [--warmup=5x3000] [--graal-warmup=10x5000] [--measure=5x2000]
                          [--http-warmup=s] [--http-requests=n] [--logins=n] [--clients=n] [--throughput-seconds=s]
            scripts/bench startup
                          how soon a server process answers its first test run, and when its workers are warm
            scripts/bench path [--reuse] [warm-up seconds] [requests]
                          a trivial hook through POST /api/run, nothing else (--reuse: with contexts.reuse on)
            scripts/bench fetch [warm-up requests] [requests]
                          a hook's request to a loopback server: the guard's overhead, a hook with one fetch, Node's fetch
            scripts/bench require [warm-up runs] [runs]
                          a hook requiring a lodash-size CommonJS package and an ES-module-only one, first run and warm,
                          in fresh and reused contexts, against a hook requiring nothing (packages on disk, no network)
            scripts/bench pipeline [warm-up runs] [runs] [rounds]
                          a test run of five hooks as one chain (one request to one worker), against the same hooks
                          run one by one (a round trip each), on one pool, in alternated rounds (default 10)
            scripts/bench envelope [rounds] [calls per round]
                          a frame's encoding and decoding in-process: the worker protocol's envelope against JSON frames
            scripts/bench attack [seconds] [--write-docs]
                          an innocent tenant's sign-ins and test runs, quiet, then while a new attacking tenant arrives
                          every second (default 60 s each; --write-docs: the table goes to docs/benchmarks.md)
              --graal-warmup is for the engines built on GraalJS (hookbox, hookbox-worker, graal-*), whose compiler
              needs about a minute of load after a start; --warmup for the others
              engines: %s
              scenarios: %s""".formatted(String.join(",", Engines.NAMES), String.join(",", Workload.NAMES));

    static BenchOptions parse(Path home, String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        List<String> engines = Engines.NAMES;
        List<String> scenarios = Workload.NAMES;
        boolean inProcess = true;
        boolean server = true;
        boolean writeDocs = !quick;
        int forks = 1;
        Iterations warmup = quick ? new Iterations(1, 300) : new Iterations(5, 3_000);
        Iterations graalWarmup = quick ? new Iterations(1, 300) : new Iterations(10, 5_000);
        Iterations measurement = quick ? new Iterations(1, 500) : new Iterations(5, 2_000);
        int httpWarmupSeconds = quick ? 2 : 60;
        int httpRequests = quick ? 200 : 3_000;
        int logins = quick ? 20 : 200;
        int clients = quick ? 4 : 8;
        int throughputSeconds = quick ? 3 : 20;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            String value = pair.length == 2 ? pair[1] : "";
            switch (pair[0]) {
                case "--quick" -> { }
                case "--engines" -> engines = known(value, Engines.NAMES);
                case "--scenarios" -> scenarios = known(value, Workload.NAMES);
                case "--no-server" -> server = false;
                case "--server-only" -> inProcess = false;
                case "--no-docs" -> writeDocs = false;
                case "--write-docs" -> writeDocs = true;
                case "--forks" -> forks = Integer.parseInt(value);
                case "--warmup" -> warmup = Iterations.parse(value);
                case "--graal-warmup" -> graalWarmup = Iterations.parse(value);
                case "--measure" -> measurement = Iterations.parse(value);
                case "--http-warmup" -> httpWarmupSeconds = Integer.parseInt(value);
                case "--http-requests" -> httpRequests = Integer.parseInt(value);
                case "--logins" -> logins = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--throughput-seconds" -> throughputSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new BenchOptions(home, quick, engines, scenarios, inProcess, server, writeDocs, forks, warmup, graalWarmup,
                measurement, httpWarmupSeconds, httpRequests, logins, clients, throughputSeconds);
    }

    /** How the run was made, for the header of the tables. */
    String describe() {
        String kind = quick ? "SMOKE RUN (--quick): tiny iteration counts, not a measurement" : "measurement run";
        return ("%s; JMH %d fork(s) per benchmark, warm-up %d × %d ms (GraalJS-based engines %d × %d ms), measurement %d × %d ms;"
                + " HTTP warm-up %d s, %d requests, %d logins; %d clients × %d s for throughput")
                .formatted(kind, forks, warmup.count(), warmup.millis(), graalWarmup.count(), graalWarmup.millis(),
                        measurement.count(), measurement.millis(), httpWarmupSeconds, httpRequests, logins, clients,
                        throughputSeconds);
    }

    private static List<String> known(String list, List<String> names) {
        List<String> chosen = Arrays.stream(list.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
        for (String name : chosen) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown name " + name + "; known: " + String.join(",", names));
            }
        }
        return chosen;
    }
}
