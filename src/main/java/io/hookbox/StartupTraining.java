package io.hookbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerAotTraining;
import io.hookbox.sandbox.supervisor.WorkerLauncher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind hookbox's start-up caches (scripts/lib.sh, {@code prepare_startup_cache}): starts hookbox
 * on a throwaway database in the directory given, sends it one test run over HTTP, closes it and exits normally,
 * which is when the JVM writes the server's ahead-of-time cache ({@code -XX:AOTCacheOutput}). Given a second
 * argument, the interpreted workers' cache is then made at that path ({@link WorkerAotTraining}). The training's
 * workers all run interpreted, on the user's policy cut down to one worker per lane.
 */
public final class StartupTraining {

    static final String API_KEY = "hbk_training_" + Long.toHexString(System.nanoTime());
    private static final String TRIVIAL_RUN = "{\"type\": \"pre-login\", \"content\": \"function handle(d, cb) { cb(null, d); }\"}";
    private static final Duration CACHE_TIMEOUT = Duration.ofMinutes(5);

    private StartupTraining() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: StartupTraining <training directory> [workers' AOT cache to create]");
            System.exit(2);
        }
        try {
            train(Path.of(args[0]), args.length == 2 ? Path.of(args[1]) : null);
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            System.err.println("the start-up training failed: " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    static void train(Path dir, Path workerCache) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path policy = writeTrainingPolicy(userPolicy(System.getenv()), dir.resolve("training-policy.json"));
        Path data = dir.resolve("training-data");
        deleteTree(data);
        Files.createDirectories(data);
        WorkerLauncher launcher = WorkerLauncher.fromSystemProperties().interpretedOnly();
        try (Main.Hookbox hookbox = Main.Hookbox.start(ServerConfig.fromEnvironment(environment(policy, data)), launcher)) {
            runOnce(hookbox.port());
        } finally {
            deleteTree(data);
        }
        if (workerCache != null) {
            WorkerAotTraining.createCache(launcher, RuntimePolicy.load(policy), workerCache, CACHE_TIMEOUT);
        }
    }

    /** The settings of the training's server: any free port, development mode, the training's data and policy. */
    static Map<String, String> environment(Path policy, Path data) {
        return Map.of("HOOKBOX_PORT", "0", "HOOKBOX_DATA_DIR", data.toString(), "HOOKBOX_POLICY", policy.toString(),
                "HOOKBOX_API_KEY", API_KEY, "HOOKBOX_DEV", "true");
    }

    /** The policy file the server would read with {@code env}, whose other settings the training does not need. */
    static Path userPolicy(Map<String, String> env) {
        Map<String, String> policyOnly = new HashMap<>(Map.of("HOOKBOX_DEV", "true"));
        if (env.containsKey("HOOKBOX_POLICY")) {
            policyOnly.put("HOOKBOX_POLICY", env.get("HOOKBOX_POLICY"));
        }
        return ServerConfig.fromEnvironment(policyOnly).policyFile();
    }

    /**
     * {@code userPolicy} with one production worker, no spare and no warm-up: the training needs no capacity, and the
     * workers' own training warms one up apart.
     */
    static Path writeTrainingPolicy(Path userPolicy, Path target) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode policy = Files.isRegularFile(userPolicy) ? (ObjectNode) json.readTree(userPolicy.toFile()) : json.createObjectNode();
        policy.withObjectProperty("workers").put("count", 1).put("spares", 0).put("warmupRuns", 0);
        json.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), policy);
        return target;
    }

    private static void runOnce(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest run = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/run"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(TRIVIAL_RUN)).build();
        HttpResponse<String> answer = client.send(run, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains("\"status\":\"success\"")) {
            throw new IOException("the training's test run answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
