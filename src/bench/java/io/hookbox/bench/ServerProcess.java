package io.hookbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;

/**
 * A hookbox server started by scripts/run (its own JVM, its start-up caches as scripts/bench prepared them, the
 * repository's policy, a fresh data directory), with its workers as child processes. Its output goes to
 * target/bench/server.log.
 */
final class ServerProcess implements AutoCloseable {

    static final String API_KEY = "hbk_bench_" + Long.toHexString(System.nanoTime());
    static final String ADMIN_KEY = "bench-admin-" + Long.toHexString(System.nanoTime());
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);

    private final Process process;
    private final int port;
    private long startMillis;
    private long warmMillis;
    private long firstRunMillis;
    private long listenMillis;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(Path home) throws IOException, InterruptedException {
        return start(home, false);
    }

    /** {@code reuseContexts}: the repository's policy with {@code contexts.reuse} turned on. */
    static ServerProcess start(Path home, boolean reuseContexts) throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createDirectories(home.resolve("target/bench")).resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("scripts/run").toString()))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOOKBOX_PORT", String.valueOf(port));
        Path data = Files.createTempDirectory("hookbox-bench-data");
        env.put("HOOKBOX_DATA_DIR", data.toString());
        env.put("HOOKBOX_API_KEY", API_KEY);
        env.put("HOOKBOX_ADMIN_KEY", ADMIN_KEY);
        env.put("HOOKBOX_DEV", "true");
        env.put("HOOKBOX_TRUSTED_PROXIES", "127.0.0.1, ::1");
        env.put("HOOKBOX_POLICY", reuseContexts ? reusePolicy(home, data).toString() : home.resolve("sandbox-policy.json").toString());
        env.put("HOOKBOX_LOG_LEVEL", "WARN");
        long started = System.nanoTime();
        ServerProcess server = new ServerProcess(builder.start(), port);
        server.awaitAnswer("/health/live");
        server.listenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        server.awaitFirstRun();
        server.firstRunMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        server.awaitAnswer("/health");
        server.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        server.awaitAnswer("/health/ready");
        server.warmMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return server;
    }

    private static Path reusePolicy(Path home, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode policy = (ObjectNode) json.readTree(home.resolve("sandbox-policy.json").toFile());
        policy.withObjectProperty("contexts").put("reuse", true);
        Path file = dir.resolve("sandbox-policy-reuse.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), policy);
        return file;
    }

    /** Until a trivial hook's test run succeeds, sent again and again from the moment the process starts. */
    private void awaitFirstRun() throws IOException, InterruptedException {
        HttpRequest run = HttpRequest.newBuilder(uri("/api/run"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\": \"pre-login\", \"content\": \"function handle(d, cb) { cb(null, d); }\"}"))
                .build();
        awaitAnswer("a successful test run", run, answer -> answer.body().contains("\"status\":\"success\""));
    }

    /**
     * Until {@code path} answers 200: {@code /health/live} once the server listens, {@code /health} once workers serve,
     * {@code /health/ready} once they are warm.
     */
    private void awaitAnswer(String path) throws IOException, InterruptedException {
        awaitAnswer("200 from " + path, HttpRequest.newBuilder(uri(path)).build(), answer -> true);
    }

    /** Sends {@code request} until it is answered 200 and {@code done}, from the moment the process starts. */
    private void awaitAnswer(String what, HttpRequest request, Predicate<HttpResponse<String>> done)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + "; see target/bench/server.log");
            }
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && done.test(answer)) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep trying
            }
            Thread.sleep(20);
        }
        close();
        throw new IOException("no " + what + " within " + STARTUP_LIMIT);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** From the process start to the first healthy answer: the JVM, the database, and every worker taking runs. */
    long startMillis() {
        return startMillis;
    }

    /** From the process start to the first answer of {@code /health/live}: the server listens. */
    long listenMillis() {
        return listenMillis;
    }

    /** From the process start to the first successful test run of a trivial hook. */
    long firstRunMillis() {
        return firstRunMillis;
    }

    /** From the process start until every worker it started with has warmed up. */
    long warmMillis() {
        return warmMillis;
    }

    /** The server's resident set, and its workers' (all descendants), now. */
    BenchResults.Memory memory(String state) {
        List<ProcessHandle> workers = process.descendants().toList();
        long workersKib = workers.stream().mapToLong(worker -> residentKib(worker.pid())).sum();
        return new BenchResults.Memory(state, residentKib(process.pid()), workersKib, workers.size());
    }

    private static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended between listing and reading
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
