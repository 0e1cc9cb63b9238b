package io.hookbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the results as Markdown tables, docs/benchmarks.md (from its template) and the README's headline. */
final class BenchmarksDoc {

    static final String README_START = "<!-- benchmarks:headline (written by scripts/bench) -->";
    static final String README_END = "<!-- /benchmarks:headline -->";
    static final String FINDINGS_START = "<!-- findings (written by hand; scripts/bench keeps them) -->";
    static final String FINDINGS_END = "<!-- /findings -->";
    static final String ATTACK_START = "<!-- attack:table (written by scripts/bench attack --write-docs; scripts/bench keeps it) -->";
    static final String ATTACK_END = "<!-- /attack:table -->";

    private BenchmarksDoc() {
    }

    static String machine(BenchResults results) {
        BenchResults.Machine machine = results.machine;
        return "%s, %s. %d cores (%s), %s, Node.js %s. Load average before: %s, after: %s."
                .formatted(machine.date(), machine.mode(), machine.cores(), machine.os(), machine.jdk(),
                        machine.node() == null ? "absent" : machine.node(), machine.loadBefore(), results.loadAfter);
    }

    /** Median (p99) per engine and scenario, in µs. */
    static String headline(BenchResults results) {
        List<String> scenarios = scenarios(results);
        StringBuilder table = new StringBuilder("| engine, mode | " + scenarios.stream()
                .map(scenario -> scenario + " median (p99) µs").collect(Collectors.joining(" | ")) + " |\n");
        table.append("|---|").append("---:|".repeat(scenarios.size())).append('\n');
        for (String engine : engines(results)) {
            table.append("| ").append(engine).append(" | ").append(scenarios.stream().map(scenario -> {
                Latency latency = results.engine(engine, scenario);
                return latency == null ? "–" : micros(latency.medianMicros()) + " (" + micros(latency.p99Micros()) + ")";
            }).collect(Collectors.joining(" | "))).append(" |\n");
        }
        return table.toString();
    }

    /** One of hookbox's rows divided by each other engine, for the median and the p99: above 1, hookbox is slower. */
    static String ratios(BenchResults results, String hookboxRow) {
        List<String> scenarios = scenarios(results);
        if (results.engines.get(hookboxRow) == null) {
            return "_" + hookboxRow + " was not measured in this run._\n";
        }
        StringBuilder table = new StringBuilder("| " + hookboxRow + " ÷ | " + scenarios.stream()
                .map(scenario -> scenario + " median (p99)").collect(Collectors.joining(" | ")) + " |\n");
        table.append("|---|").append("---:|".repeat(scenarios.size())).append('\n');
        for (String engine : engines(results)) {
            if (engine.equals(hookboxRow)) {
                continue;
            }
            table.append("| ").append(engine).append(" | ").append(scenarios.stream().map(scenario -> {
                Latency hookbox = results.engine(hookboxRow, scenario);
                Latency peer = results.engine(engine, scenario);
                if (hookbox == null || peer == null) {
                    return "–";
                }
                return ratio(hookbox.medianMicros() / peer.medianMicros()) + " (" + ratio(hookbox.p99Micros() / peer.p99Micros()) + ")";
            }).collect(Collectors.joining(" | "))).append(" |\n");
        }
        return table.toString();
    }

    static String legend(BenchResults results) {
        return "| engine, mode | what runs |\n|---|---|\n" + engines(results).stream()
                .map(engine -> "| " + engine + " | " + Engines.describe(engine) + " |").collect(Collectors.joining("\n")) + "\n";
    }

    static String http(BenchResults results) {
        if (results.http.isEmpty()) {
            return "_not measured in this run._\n";
        }
        StringBuilder table = new StringBuilder("| request (one client, sequential) | median µs | p99 µs | requests |\n|---|---:|---:|---:|\n");
        for (BenchResults.HttpLatency row : results.http) {
            table.append("| %s | %s | %s | %d |\n".formatted(row.request(), micros(row.latency().medianMicros()),
                    micros(row.latency().p99Micros()), row.latency().samples()));
        }
        return table.toString();
    }

    static String throughput(BenchResults results) {
        if (results.throughput.isEmpty()) {
            return "_not measured in this run._\n";
        }
        StringBuilder table = new StringBuilder("| request | clients | requests/s | p50 µs | p99 µs | requests | failed |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResults.Throughput row : results.throughput) {
            table.append("| %s | %d | %.1f | %s | %s | %d | %d |\n".formatted(row.request(), row.clients(), row.perSecond(),
                    micros(row.latency().medianMicros()), micros(row.latency().p99Micros()), row.requests(), row.failures()));
        }
        return table.toString();
    }

    static String memory(BenchResults results) {
        if (results.memory.isEmpty()) {
            return "_not measured in this run._\n";
        }
        StringBuilder table = new StringBuilder("| state | server RSS MiB | workers RSS MiB | worker processes | total MiB |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (BenchResults.Memory row : results.memory) {
            table.append("| %s | %d | %d | %d | %d |\n".formatted(row.state(), row.serverKib() / 1024, row.workersKib() / 1024,
                    row.workers(), (row.serverKib() + row.workersKib()) / 1024));
        }
        if (results.serverStartMillis >= 0) {
            table.append("\nServer process start to the first successful test run of a trivial hook: ")
                    .append(results.serverFirstRunMillis).append(" ms; to the first healthy answer (JVM, database, every worker taking runs): ")
                    .append(results.serverStartMillis).append(" ms; until every worker has warmed up (`/health/ready`): ")
                    .append(results.serverWarmMillis).append(" ms.\n");
        }
        return table.toString();
    }

    static String notes(BenchResults results) {
        return results.notes.isEmpty() ? "" : results.notes.stream().map(note -> "- " + note).collect(Collectors.joining("\n", "\n", "\n"));
    }

    /** Everything measured, as printed at the end of a run. */
    static String tables(BenchResults results) {
        return "## Run\n\n" + machine(results) + "\n" + notes(results) + "\n## Latency per invocation, in process and through the pool\n\n"
                + headline(results) + "\n" + legend(results) + "\n## hookbox ÷ engine\n\n" + ratios(results, Engines.HOOKBOX)
                + "\n" + ratios(results, Engines.HOOKBOX_REUSE)
                + "\n## Over HTTP\n\n" + http(results) + "\n## Throughput\n\n" + throughput(results) + "\n## Memory\n\n"
                + memory(results);
    }

    static void writeDocument(BenchResults results, Path target) throws IOException {
        Map<String, String> values = Map.of(
                "{{RUN}}", machine(results) + "\n" + notes(results),
                "{{HEADLINE}}", headline(results),
                "{{LEGEND}}", legend(results),
                "{{RATIOS}}", ratios(results, Engines.HOOKBOX),
                "{{RATIOS_REUSE}}", ratios(results, Engines.HOOKBOX_REUSE),
                "{{HTTP}}", http(results),
                "{{THROUGHPUT}}", throughput(results),
                "{{MEMORY}}", memory(results));
        String document = Workload.resource("benchmarks-template.md");
        for (Map.Entry<String, String> value : values.entrySet()) {
            document = document.replace(value.getKey(), value.getValue().strip());
        }
        if (Files.exists(target)) {
            String existing = Files.readString(target);
            document = replaceBetween(document, FINDINGS_START, FINDINGS_END, between(existing, FINDINGS_START, FINDINGS_END));
            document = replaceBetween(document, ATTACK_START, ATTACK_END, between(existing, ATTACK_START, ATTACK_END));
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, document);
    }

    /** Replaces the README's headline section, between its markers; a README without them is left alone. */
    static boolean updateReadme(BenchResults results, Path readme) throws IOException {
        String text = Files.readString(readme);
        String updated = replaceBetween(text, README_START, README_END, "\n" + machine(results) + "\n\n" + headline(results));
        Files.writeString(readme, updated);
        return !updated.equals(text);
    }

    /** The text between two markers, or null when they are not both there. */
    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        return from < 0 || to < from ? null : text.substring(from + start.length(), to);
    }

    /** {@code text} with what lies between the markers replaced; unchanged without both markers or a replacement. */
    static String replaceBetween(String text, String start, String end, String replacement) {
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (replacement == null || from < 0 || to < from) {
            return text;
        }
        return text.substring(0, from + start.length()) + replacement + text.substring(to);
    }

    private static List<String> engines(BenchResults results) {
        return Engines.ROWS.stream().filter(results.engines::containsKey).toList();
    }

    private static List<String> scenarios(BenchResults results) {
        return Workload.NAMES.stream().filter(scenario -> results.engines.values().stream()
                .anyMatch(byScenario -> byScenario.containsKey(scenario))).toList();
    }

    static String micros(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f×" : "%.0f×", value);
    }
}
