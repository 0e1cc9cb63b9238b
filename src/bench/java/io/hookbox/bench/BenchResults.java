package io.hookbox.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run of scripts/bench measured, with the machine it ran on. Filled by one thread. */
final class BenchResults {

    /** The machine and the kind of run, printed above every table. */
    record Machine(String date, int cores, String jdk, String os, String node, String loadBefore, String mode) {
    }

    record HttpLatency(String request, Latency latency) {
    }

    record Throughput(String request, int clients, long requests, long failures, double perSecond, Latency latency) {
    }

    /** Resident set sizes from /proc/<pid>/status, in KiB. */
    record Memory(String state, long serverKib, long workersKib, int workers) {
    }

    final Machine machine;
    final Map<String, Map<String, Latency>> engines = new LinkedHashMap<>();
    final List<HttpLatency> http = new ArrayList<>();
    final List<Throughput> throughput = new ArrayList<>();
    final List<Memory> memory = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    String loadAfter = "";
    long serverStartMillis = -1;
    long serverWarmMillis = -1;
    long serverFirstRunMillis = -1;

    BenchResults(Machine machine) {
        this.machine = machine;
    }

    void engine(String engine, String scenario, Latency latency) {
        engines.computeIfAbsent(engine, name -> new LinkedHashMap<>()).put(scenario, latency);
    }

    Latency engine(String engine, String scenario) {
        return engines.getOrDefault(engine, Map.of()).get(scenario);
    }
}
