package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * scripts/bench attack: many hostile tenants at once against a server as scripts/run starts it. An innocent tenant
 * signs in once per 100 ms (three post-login hooks) and makes a test run every 500 ms; first alone, then while a new
 * attacking tenant arrives every second with a killer of its own (cycling through the adversarial suite's worst
 * cases, each varied so no two sources are equal), half through test runs and half as a saved pre-login hook in its
 * own sign-ins. Reports, for the innocent tenant, errors, BUSY answers and sign-in latency quiet and under attack,
 * and how long each lane was below full capacity. Arguments: [seconds] [--write-docs].
 */
final class AttackScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";
    private static final String INNOCENT = "default";
    private static final long SIGN_IN_EVERY_MS = 100;
    private static final long TEST_RUN_EVERY_MS = 500;
    private static final Pattern KILLS_LINE = Pattern.compile("^hookbox_worker_kills_total\\{.*lane=\"([a-z]+)\".*} ([0-9.eE+]+)$");
    /** Keeps this run's tenant ids apart from those of an earlier run on the same database. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    /** The worst cases of the adversarial suite; {@code %d} makes each attacker's source its own. */
    private static final List<String> KILLERS = List.of(
            "function g() { try { return g(); } catch (e) { return g(); } }\nfunction handle(d, cb) { const n = %d; g(); }",
            "function handle(d, cb) { const n = %d; for (;;) { try { (function r() { r(); })(); } catch (e) {} } }",
            "function handle(d, cb) { const n = %d; const keep = []; for (;;) { keep.push(new Array(1e6).fill(n)); } }",
            "function handle(d, cb) { const n = %d; let s = 'x'; for (;;) { s = s + s; } }",
            "function f(k) { try { return f(k + 1); } catch (e) { return f(k + 1) + f(k + 2); } }\n"
                    + "function handle(d, cb) { const n = %d; f(0); }");

    private final ServerProcess server;
    /** What the attackers got, by what they tried and how it ended, as they end. */
    private final Map<String, Integer> attackerOutcomes = new ConcurrentSkipListMap<>();
    private final Phaser attackersInFlight = new Phaser(1);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String innocentClientId;
    private final HttpRequest innocentSignIn;

    private AttackScenario(ServerProcess server) throws IOException, InterruptedException {
        this.server = server;
        this.innocentClientId = createApplication(ServerProcess.API_KEY);
        for (int step = 0; step < 3; step++) {
            ObjectNode hook = JSON.createObjectNode().put("name", "step " + step).put("type", "post-login")
                    .put("content", Workload.named(Workload.PIPELINE).sources().get(step));
            expect(201, send(api("/api/hooks", hook, ServerProcess.API_KEY)));
        }
        this.innocentSignIn = signInRequest(INNOCENT, innocentClientId, signUp(INNOCENT, innocentClientId, "innocent@example.com"));
    }

    static void run(Path home, String[] arguments) throws Exception {
        boolean writeDocs = Arrays.asList(arguments).contains("--write-docs");
        int seconds = Arrays.stream(arguments).filter(argument -> !argument.startsWith("--")).findFirst()
                .map(Integer::parseInt).orElse(60);
        try (ServerProcess server = ServerProcess.start(home)) {
            AttackScenario scenario = new AttackScenario(server);
            Phase quiet = scenario.phase(seconds, false);
            Phase attacked = scenario.phase(seconds, true);
            String table = table(seconds, quiet, attacked) + "%nWhat the attackers got: %s.%n".formatted(scenario.attackerOutcomes(30));
            System.out.println(table);
            Path report = Files.createDirectories(home.resolve("target/bench")).resolve("attack.md");
            Files.writeString(report, table);
            System.out.println("wrote " + home.relativize(report));
            if (writeDocs) {
                Path doc = home.resolve("docs/benchmarks.md");
                Files.writeString(doc, BenchmarksDoc.replaceBetween(Files.readString(doc), BenchmarksDoc.ATTACK_START,
                        BenchmarksDoc.ATTACK_END, "\n" + table));
                System.out.println("updated the attack table in docs/benchmarks.md");
            }
        }
    }

    /** What the innocent tenant saw during one phase, and the lanes' time below full capacity. */
    /** {@code errors} and {@code busy} count sign-ins only; {@code testRunErrors} are failed test runs, BUSY ones apart. */
    private record Phase(List<Long> signInNanos, int errors, int busy, int testRuns, int testRunErrors, int testRunBusy,
                         Map<String, Long> belowCapacityMs, int attackers, Map<String, Double> killsByLane) {
    }

    private Phase phase(int seconds, boolean attack) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Phase> signIns = threads.submit(() -> innocentSignIns(end));
            Future<int[]> testRuns = threads.submit(() -> innocentTestRuns(end));
            Future<Map<String, Long>> capacity = threads.submit(() -> lanesBelowCapacity(end));
            Map<String, Double> killsBefore = killsByLane();
            int attackers = attack ? attack(end) : 0;
            Phase phase = signIns.get();
            int[] runs = testRuns.get();
            Map<String, Double> kills = new TreeMap<>(killsByLane());
            killsBefore.forEach((lane, before) -> kills.merge(lane, -before, Double::sum));
            return new Phase(phase.signInNanos(), phase.errors(), phase.busy(), runs[0], runs[1], runs[2], capacity.get(),
                    attackers, kills);
        } finally {
            threads.shutdownNow();
        }
    }

    private Phase innocentSignIns(long end) throws Exception {
        List<Long> nanos = new ArrayList<>();
        int errors = 0;
        int busy = 0;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(innocentSignIn);
            long took = System.nanoTime() - started;
            if (response.statusCode() == 200) {
                nanos.add(took);
            } else if (response.body().contains("BUSY")) {
                busy++;
            } else {
                errors++;
            }
            Thread.sleep(Math.max(0, SIGN_IN_EVERY_MS - TimeUnit.NANOSECONDS.toMillis(took)));
        }
        return new Phase(nanos, errors, busy, 0, 0, 0, Map.of(), 0, Map.of());
    }

    /** Answers {runs, errors that are not BUSY, BUSY}. */
    private int[] innocentTestRuns(long end) throws Exception {
        int[] counts = new int[3];
        ObjectNode body = JSON.createObjectNode().put("type", "post-login")
                .put("content", Workload.named(Workload.REALISTIC).sources().get(0));
        body.set("context", JSON.readTree(Workload.INPUT));
        while (System.nanoTime() < end) {
            HttpResponse<String> response = send(api("/api/run", body, ServerProcess.API_KEY));
            counts[0]++;
            JsonNode answer = JSON.readTree(response.body());
            if (!"success".equals(answer.path("status").asText())) {
                counts["BUSY".equals(answer.path("error").path("code").asText()) ? 2 : 1]++;
            }
            Thread.sleep(TEST_RUN_EVERY_MS);
        }
        return counts;
    }

    /** Polls /health; answers, per lane, the milliseconds it had fewer workers serving than it wants. */
    /** Workers killed so far, by lane, from the server's Prometheus endpoint. */
    private Map<String, Double> killsByLane() throws Exception {
        Map<String, Double> kills = new TreeMap<>();
        for (String text : send(HttpRequest.newBuilder(server.uri("/metrics")).build()).body().split("\n")) {
            Matcher matcher = KILLS_LINE.matcher(text);
            if (matcher.matches()) {
                kills.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
            }
        }
        return kills;
    }

    private Map<String, Long> lanesBelowCapacity(long end) throws Exception {
        Map<String, Long> belowMs = new TreeMap<>();
        long last = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            long now = System.nanoTime();
            JsonNode lanes = JSON.readTree(send(HttpRequest.newBuilder(server.uri("/health")).build()).body())
                    .path("runtime").path("lanes");
            for (JsonNode lane : lanes) {
                long below = lane.path("workersReady").asInt() < lane.path("workersWanted").asInt()
                        ? TimeUnit.NANOSECONDS.toMillis(now - last) : 0;
                belowMs.merge(lane.path("lane").asText(), below, Long::sum);
            }
            last = now;
        }
        return belowMs;
    }

    /** A new attacking tenant every second until {@code end}; answers how many came. */
    private int attack(long end) throws Exception {
        int attacker = 0;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            attacker++;
            int number = attacker;
            String source = KILLERS.get(number % KILLERS.size()).formatted(number);
            attackersInFlight.register();
            Thread.ofVirtual().start(() -> {
                try {
                    attackOnce(number, source);
                } catch (Exception e) {
                    outcome("failed in the benchmark: " + e.getMessage());
                } finally {
                    attackersInFlight.arriveAndDeregister();
                }
            });
            Thread.sleep(Math.max(0, 1_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        }
        return attacker;
    }

    /** A fresh tenant; odd ones attack through a test run, even ones through a saved pre-login hook in a sign-in. */
    private void attackOnce(int number, String source) throws Exception {
        ObjectNode tenant = JSON.createObjectNode().put("id", "attacker-" + RUN + "-" + number).put("name", "attacker " + number);
        JsonNode created = JSON.readTree(expect(201, send(api("/api/admin/tenants", tenant, ServerProcess.ADMIN_KEY))).body());
        String tenantId = created.path("id").asText();
        String key = created.path("apiKey").asText();
        if (number % 2 == 1) {
            ObjectNode run = JSON.createObjectNode().put("type", "pre-login").put("content", source);
            JsonNode answer = JSON.readTree(send(api("/api/run", run, key)).body());
            JsonNode error = answer.path("error");
            outcome("test run: " + (error.isTextual() ? error.asText() : error.path("code").asText(answer.path("status").asText())));
            return;
        }
        String clientId = createApplication(key);
        String email = signUp(tenantId, clientId, "mallory" + number + "@example.com");
        ObjectNode hook = JSON.createObjectNode().put("name", "killer").put("type", "pre-login").put("content", source);
        HttpResponse<String> saved = send(api("/api/hooks", hook, key));
        if (saved.statusCode() != 201) {
            outcome("saving the hook: " + JSON.readTree(saved.body()).path("error").asText());
            return;
        }
        HttpResponse<String> signIn = send(signInRequest(tenantId, clientId, email));
        outcome("sign-in: " + signIn.statusCode() + " " + JSON.readTree(signIn.body()).path("error").asText());
    }

    private void outcome(String what) {
        attackerOutcomes.merge(what, 1, Integer::sum);
    }

    /** The attackers' outcomes, once those still in flight have ended (at most {@code waitSeconds} later). */
    private String attackerOutcomes(int waitSeconds) {
        try {
            attackersInFlight.awaitAdvanceInterruptibly(attackersInFlight.arrive(), waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException | TimeoutException e) {
            outcome("still running when the table was written: " + attackersInFlight.getUnarrivedParties());
        }
        return attackerOutcomes.entrySet().stream().map(entry -> entry.getValue() + " × " + entry.getKey())
                .collect(Collectors.joining("; "));
    }

    private static String table(int seconds, Phase quiet, Phase attacked) {
        StringBuilder out = new StringBuilder();
        out.append("%d s quiet, then %d s with %d attacking tenants (one a second). Innocent tenant: a sign-in (three post-login hooks) every %d ms, a test run every %d ms.%n%n"
                .formatted(seconds, seconds, attacked.attackers(), SIGN_IN_EVERY_MS, TEST_RUN_EVERY_MS));
        out.append("| phase | sign-ins | sign-in errors | sign-in BUSY | sign-in p50 ms | sign-in p99 ms | test runs | test runs failed | test runs BUSY | production below capacity ms | test below capacity ms | confined below capacity ms | workers killed (production, test, confined) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, Phase> row : Map.of("quiet", quiet, "attacked", attacked).entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).toList()) {
            Phase phase = row.getValue();
            out.append("| %s | %d | %d | %d | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %.0f, %.0f, %.0f |%n".formatted(row.getKey(), phase.signInNanos().size(),
                    phase.errors(), phase.busy(), percentileMs(phase.signInNanos(), 0.50), percentileMs(phase.signInNanos(), 0.99),
                    phase.testRuns(), phase.testRunErrors(), phase.testRunBusy(), phase.belowCapacityMs().getOrDefault("production", 0L),
                    phase.belowCapacityMs().getOrDefault("test", 0L), phase.belowCapacityMs().getOrDefault("confined", 0L),
                    phase.killsByLane().getOrDefault("production", 0.0), phase.killsByLane().getOrDefault("test", 0.0),
                    phase.killsByLane().getOrDefault("confined", 0.0)));
        }
        double ratio = percentileMs(attacked.signInNanos(), 0.99) / Math.max(0.001, percentileMs(quiet.signInNanos(), 0.99));
        out.append("%nTargets: 0 errors, 0 BUSY, attacked p99 at most 3 x quiet p99 (here %.1f x).%n".formatted(ratio));
        return out.toString();
    }

    private static double percentileMs(List<Long> nanos, double percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile * sorted.size()) - 1)) / 1e6;
    }

    private String createApplication(String key) throws IOException, InterruptedException {
        // a public application: the innocent tenant signs in as a browser app would, with no client secret
        ObjectNode body = JSON.createObjectNode().put("name", "attack bench").put("type", "public");
        body.putArray("grantTypes").add("password");
        return JSON.readTree(expect(201, send(api("/api/applications", body, key))).body()).path("clientId").asText();
    }

    private String signUp(String tenantId, String clientId, String email) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("client_id", clientId).put("email", email).put("password", PASSWORD);
        expect(201, send(post("/t/" + tenantId + "/signup", body).build()));
        return email;
    }

    private HttpRequest signInRequest(String tenantId, String clientId, String email) throws IOException {
        return post("/t/" + tenantId + "/login", JSON.createObjectNode().put("client_id", clientId).put("username", email)
                .put("password", PASSWORD)).build();
    }

    private HttpRequest api(String path, ObjectNode body, String key) throws IOException {
        return post(path, body).header("Authorization", "Bearer " + key).build();
    }

    private HttpRequest.Builder post(String path, ObjectNode body) throws IOException {
        return HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException("unexpected answer " + response.statusCode() + " to " + response.request().uri() + ": "
                    + response.body());
        }
        return response;
    }
}
