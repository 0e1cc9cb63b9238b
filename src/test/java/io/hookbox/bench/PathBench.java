package io.hookbox.bench;

import io.hookbox.Main;
import io.hookbox.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Latency of a trivial hook through the whole path: HTTP request, server, worker process, fresh context,
 * limits on, and back. Run by scripts/bench; prints the median and p99.
 */
public final class PathBench {

    private static final String BODY = """
            {"type": "post-login", "content": "function handle(data, callback) { data.user.seen = true; callback(null, data); }",
             "context": {"user": {"id": "u_1", "email": "ada@example.com", "app_metadata": {}}}}""";

    public static void main(String[] args) throws Exception {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        String apiKey = "hbk_bench";
        ServerConfig config = ServerConfig.forTesting(0, Files.createTempDirectory("hookbox-bench"), apiKey);
        try (Main.Hookbox hookbox = Main.Hookbox.start(config)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + hookbox.port() + "/api/run"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            while (System.nanoTime() < warmupEnd) {
                client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            long[] micros = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                micros[i] = (System.nanoTime() - start) / 1_000;
                if (!response.body().contains("\"success\"")) {
                    throw new IllegalStateException("unexpected answer: " + response.body());
                }
            }
            Arrays.sort(micros);
            System.out.printf("trivial hook, POST /api/run end to end, %d runs after %d s warm-up, %d cores, %s:%n",
                    iterations, warmupSeconds, Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.printf("  median %d µs, p99 %d µs%n", micros[iterations / 2], micros[(int) (iterations * 0.99)]);
        }
    }
}
