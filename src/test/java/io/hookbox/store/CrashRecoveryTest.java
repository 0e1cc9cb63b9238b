package io.hookbox.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CrashRecoveryTest {

    private static final String API_KEY = "hbk_crash-test-key";
    private static final List<String> TYPES = List.of("pre-login", "post-login");
    private static final int WRITERS = 4;
    private static final int WRITES_BEFORE_KILL = 60;
    private static final int MAX_WRITES_PER_WRITER = 500;

    @TempDir
    Path dir;

    /** What the writers were told: a change they were told about must survive; one in flight may or may not. */
    private final Set<String> acknowledgedCreates = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledgedDeletes = ConcurrentHashMap.newKeySet();
    private final Set<String> attemptedDeletes = ConcurrentHashMap.newKeySet();
    private final Set<String> attemptedNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acknowledgedWrites = new AtomicInteger();

    @Test
    void aServerKilledInTheMiddleOfWritesRestartsWithEveryAcknowledgedChangeAndDenseOrders() throws Exception {
        Map<String, String> env = environment();
        ServerProcess server = ServerProcess.start(env, dir.resolve("server.log"));
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                running.add(writers.submit(() -> write(server.client().withHeader("Authorization", "Bearer " + API_KEY), id)));
            }
            while (acknowledgedWrites.get() < WRITES_BEFORE_KILL && running.stream().anyMatch(future -> !future.isDone())) {
                Thread.sleep(20);
            }
            server.kill();
            for (Future<?> writer : running) {
                writer.get(1, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
            server.close();
        }
        assertThat(acknowledgedWrites.get()).as(server.log()).isGreaterThanOrEqualTo(WRITES_BEFORE_KILL);

        try (ServerProcess restarted = ServerProcess.start(env, dir.resolve("restarted.log"))) {
            ApiClient client = restarted.client().withHeader("Authorization", "Bearer " + API_KEY);
            ApiClient.Response listed = client.get("/api/hooks");
            assertThat(listed.status()).isEqualTo(200);
            Set<String> ids = new HashSet<>();
            Map<String, List<Integer>> positions = new HashMap<>();
            for (JsonNode hook : listed.body()) {
                ids.add(hook.path("id").asText());
                assertThat(attemptedNames).contains(hook.path("name").asText());
                positions.computeIfAbsent(hook.path("type").asText(), type -> new ArrayList<>()).add(hook.path("position").asInt());
            }
            Set<String> mustSurvive = new HashSet<>(acknowledgedCreates);
            mustSurvive.removeAll(attemptedDeletes);
            assertThat(ids).containsAll(mustSurvive).doesNotContainAnyElementsOf(acknowledgedDeletes);
            positions.forEach((type, list) ->
                    assertThat(list).as(type).containsExactlyElementsOf(IntStream.range(0, list.size()).boxed().toList()));
        }
    }

    private Map<String, String> environment() throws IOException {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, """
                {"workers": {"count": 1, "threads": 2, "heapMb": 256, "spares": 0, "warmupRuns": 0}}""");
        return Map.of(
                "HOOKBOX_DATA_DIR", dir.resolve("data").toString(),
                "HOOKBOX_API_KEY", API_KEY,
                "HOOKBOX_POLICY", policy.toString());
    }

    /** Creates, moves, reorders and deletes hooks until the server is gone. */
    private Void write(ApiClient client, int writer) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            for (int i = 0; i < MAX_WRITES_PER_WRITER; i++) {
                String type = TYPES.get(random.nextInt(TYPES.size()));
                JsonNode ofType = client.get("/api/hooks?type=" + type).body();
                int choice = ofType.size() < 3 ? 0 : random.nextInt(4);
                if (choice == 0) {
                    String name = "w" + writer + "-" + i;
                    attemptedNames.add(name);
                    ApiClient.Response created = client.post("/api/hooks", "{\"name\": \"" + name + "\", \"type\": \"" + type
                            + "\", \"content\": \"function handle(d, cb) { cb(null, d); }\"}");
                    acknowledge(created, 201, () -> acknowledgedCreates.add(created.body().path("id").asText()));
                } else if (choice == 1) {
                    String id = ofType.get(random.nextInt(ofType.size())).path("id").asText();
                    attemptedDeletes.add(id);
                    acknowledge(client.delete("/api/hooks/" + id), 204, () -> acknowledgedDeletes.add(id));
                } else if (choice == 2) {
                    String id = ofType.get(random.nextInt(ofType.size())).path("id").asText();
                    acknowledge(client.post("/api/hooks/" + id + "/move", "{\"position\": 0}"), 200, () -> { });
                } else {
                    List<String> ids = new ArrayList<>();
                    ofType.forEach(hook -> ids.add(0, "\"" + hook.path("id").asText() + "\""));
                    acknowledge(client.put("/api/hooks/order", "{\"type\": \"" + type + "\", \"ids\": [" + String.join(",", ids) + "]}"),
                            200, () -> { });
                }
            }
        } catch (UncheckedIOException serverGone) {
            // the kill: this writer is done
        }
        return null;
    }

    private void acknowledge(ApiClient.Response response, int success, Runnable record) {
        if (response.status() == success) {
            record.run();
            acknowledgedWrites.incrementAndGet();
        } else {
            // another writer changed the same hooks first
            assertThat(response.status()).as(response.body().toString()).isIn(400, 404, 409);
        }
    }
}
