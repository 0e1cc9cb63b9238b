package io.hookbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * hookbox over HTTP on loopback, against a server process: one client's latency for POST /api/run and for a login
 * without and with five post-login hooks, then throughput from concurrent clients, and the resident memory of the
 * server and its workers idle and under load. The trivial hook is also measured on the Node.js {@code vm} peer over
 * HTTP ({@link NodeHttpPeer}), with the same client and count, right after hookbox's rows; a login's rows are followed
 * by the hooks' part of it as the server timed it ({@code hookbox_flow_hooks_seconds}, read from {@code /metrics}).
 */
final class ServerSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";
    private static final Predicate<HttpResponse<String>> RUN_SUCCEEDED =
            response -> response.statusCode() == 200 && response.body().contains("\"status\":\"success\"");
    private static final Predicate<HttpResponse<String>> LOGGED_IN = response -> response.statusCode() == 200;

    static final String REUSE = " (contexts.reuse on)";
    static final String NODE_TRIVIAL = "Node vm over HTTP, trivial hook";
    private static final String FLOW_HOOKS = "hookbox_flow_hooks_seconds";

    private final BenchOptions options;
    private final BenchResults results;
    private final ServerProcess server;
    /** The Node.js peer, or null when the machine has no {@code node}. */
    private final NodeHttpPeer node;
    private final HttpClient client = newClient();

    private ServerSuite(BenchOptions options, BenchResults results, ServerProcess server, NodeHttpPeer node) {
        this.options = options;
        this.results = results;
        this.server = server;
        this.node = node;
    }

    static void run(BenchOptions options, BenchResults results) throws Exception {
        try (ServerProcess server = ServerProcess.start(options.home()); NodeHttpPeer node = NodeHttpPeer.startIfPresent()) {
            results.serverStartMillis = server.startMillis();
            results.serverWarmMillis = server.warmMillis();
            results.serverFirstRunMillis = server.firstRunMillis();
            new ServerSuite(options, results, server, node).measure();
        }
        try (ServerProcess server = ServerProcess.start(options.home(), true)) {
            new ServerSuite(options, results, server, null).measureWithContextReuse();
        }
    }

    /** Only the trivial hook through POST /api/run, as the former PathBench printed it, and then on the Node peer. */
    static void runPath(BenchOptions options, BenchResults results, boolean reuseContexts) throws Exception {
        try (ServerProcess server = ServerProcess.start(options.home(), reuseContexts); NodeHttpPeer node = NodeHttpPeer.startIfPresent()) {
            ServerSuite suite = new ServerSuite(options, results, server, node);
            suite.latency("POST /api/run, trivial hook" + (reuseContexts ? REUSE : ""), suite.runRequest(Workload.TRIVIAL),
                    RUN_SUCCEEDED, options.httpWarmupSeconds(), options.httpRequests());
            suite.nodeLatency();
        }
    }

    private void measure() throws Exception {
        Thread.sleep(2_000);
        results.memory.add(server.memory("idle, after start"));
        HttpRequest trivial = runRequest(Workload.TRIVIAL);
        latency("POST /api/run, trivial hook", trivial, RUN_SUCCEEDED, options.httpWarmupSeconds(), options.httpRequests());
        nodeLatency();
        latency("POST /api/run, realistic hook", runRequest(Workload.REALISTIC), RUN_SUCCEEDED, options.httpWarmupSeconds(),
                options.httpRequests());
        throughput("POST /api/run, trivial hook", anyClient -> trivial, RUN_SUCCEEDED);
        if (node != null) {
            HttpRequest onNode = nodeRequest();
            throughput(NODE_TRIVIAL, anyClient -> onNode, RUN_SUCCEEDED);
        }
        List<HttpRequest> logins = loginsOfOwnUsers();
        IntFunction<HttpRequest> loginOfClient = logins::get;
        loginLatency("login, no hooks", logins.get(0), Math.max(1, options.httpWarmupSeconds() / 4));
        throughput("login, no hooks", loginOfClient, LOGGED_IN);
        addPipelineAsPostLoginHooks();
        // the five hooks are new sources: the workers compile their code only after a while under load
        loginLatency("login, five post-login hooks", logins.get(0), options.httpWarmupSeconds());
        throughput("login, five post-login hooks", loginOfClient, LOGGED_IN);
        Thread.sleep(2_000);
        results.memory.add(server.memory("idle, after the load"));
    }

    /** The requests where reusing contexts matters, again on a server with {@code contexts.reuse} on. */
    private void measureWithContextReuse() throws Exception {
        HttpRequest trivial = runRequest(Workload.TRIVIAL);
        latency("POST /api/run, trivial hook" + REUSE, trivial, RUN_SUCCEEDED, options.httpWarmupSeconds(), options.httpRequests());
        latency("POST /api/run, realistic hook" + REUSE, runRequest(Workload.REALISTIC), RUN_SUCCEEDED,
                options.httpWarmupSeconds(), options.httpRequests());
        throughput("POST /api/run, trivial hook" + REUSE, anyClient -> trivial, RUN_SUCCEEDED);
        List<HttpRequest> logins = loginsOfOwnUsers();
        addPipelineAsPostLoginHooks();
        loginLatency("login, five post-login hooks" + REUSE, logins.get(0), options.httpWarmupSeconds());
        throughput("login, five post-login hooks" + REUSE, logins::get, LOGGED_IN);
    }

    /** The trivial hook on the Node peer, as hookbox's row measures it; a row saying so when there is no {@code node}. */
    private void nodeLatency() throws IOException, InterruptedException {
        if (node == null) {
            results.http.add(new BenchResults.HttpLatency(NODE_TRIVIAL + ": not measured, no node on this machine",
                    Latency.ofNanos(new long[0])));
            return;
        }
        latency(NODE_TRIVIAL, nodeRequest(), RUN_SUCCEEDED, options.httpWarmupSeconds(), options.httpRequests());
    }

    /**
     * A login's latency, then the post-login hooks' part of the same logins as the server timed it: the change in
     * {@code hookbox_flow_hooks_seconds} across the measured logins, its median and p99 from the histogram's buckets.
     */
    private void loginLatency(String name, HttpRequest login, int warmupSeconds) throws IOException, InterruptedException {
        warmUp(login, LOGGED_IN, warmupSeconds);
        FlowHooksHistogram before = flowHooks();
        measureLatency(name, login, LOGGED_IN, options.logins());
        FlowHooksHistogram during = flowHooks().minus(before);
        Latency hooks = during.latency();
        results.http.add(new BenchResults.HttpLatency("%s: the hooks' part, server-side (mean %s µs)"
                .formatted(name, BenchmarksDoc.micros(during.meanMicros())), hooks));
        System.out.printf("%-40s median %8.0f µs  p99 %8.0f µs  mean %8.0f µs (%s, post-login, %d logins)%n",
                "  the hooks' part", hooks.medianMicros(), hooks.p99Micros(), during.meanMicros(), FLOW_HOOKS, hooks.samples());
    }

    private FlowHooksHistogram flowHooks() throws IOException, InterruptedException {
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(server.uri("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        expect(response -> response.statusCode() == 200, metrics);
        return FlowHooksHistogram.parse(metrics.body(), FLOW_HOOKS, "post-login");
    }

    private void latency(String name, HttpRequest request, Predicate<HttpResponse<String>> ok, int warmupSeconds, int count)
            throws IOException, InterruptedException {
        warmUp(request, ok, warmupSeconds);
        measureLatency(name, request, ok, count);
    }

    private void warmUp(HttpRequest request, Predicate<HttpResponse<String>> ok, int warmupSeconds)
            throws IOException, InterruptedException {
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        while (System.nanoTime() < warmupEnd) {
            expect(ok, client.send(request, HttpResponse.BodyHandlers.ofString()));
        }
    }

    private void measureLatency(String name, HttpRequest request, Predicate<HttpResponse<String>> ok, int count)
            throws IOException, InterruptedException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            expect(ok, response);
        }
        Latency latency = Latency.ofNanos(nanos);
        results.http.add(new BenchResults.HttpLatency(name, latency));
        System.out.printf("%-40s median %8.0f µs  p99 %8.0f µs  (%d requests)%n", name, latency.medianMicros(),
                latency.p99Micros(), count);
    }

    /** Closed loop: each client sends its next request when the last one is answered, for the configured time. */
    private void throughput(String name, IntFunction<HttpRequest> requestOfClient, Predicate<HttpResponse<String>> ok)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.throughputSeconds());
        List<LoadClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            LoadClient loadClient = new LoadClient(requestOfClient.apply(c), ok, end);
            clients.add(loadClient);
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(loadClient));
        }
        long startedNanos = System.nanoTime();
        BenchResults.Memory peak = server.memory("under load: " + name);
        while (threads.stream().anyMatch(Thread::isAlive)) {
            BenchResults.Memory now = server.memory("under load: " + name);
            if (now.serverKib() + now.workersKib() > peak.serverKib() + peak.workersKib()) {
                peak = now;
            }
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long[] all = clients.stream().flatMapToLong(loadClient -> Arrays.stream(loadClient.nanos())).toArray();
        long failures = clients.stream().mapToLong(LoadClient::failures).sum();
        Latency latency = Latency.ofNanos(all);
        BenchResults.Throughput row = new BenchResults.Throughput(name, clients.size(), all.length, failures,
                all.length / seconds, latency);
        results.throughput.add(row);
        if (!name.equals(NODE_TRIVIAL)) {
            // under the Node peer's load, hookbox's processes idle: their memory then says nothing
            results.memory.add(peak);
        }
        System.out.printf("%-40s %d clients: %8.1f req/s  p50 %8.0f µs  p99 %8.0f µs  %d failed%n", name, clients.size(),
                row.perSecond(), latency.medianMicros(), latency.p99Micros(), row.failures());
    }

    /** One closed-loop client with its own connection; read its numbers after its thread ended. */
    private static final class LoadClient implements Runnable {
        private final HttpRequest request;
        private final Predicate<HttpResponse<String>> ok;
        private final long endNanos;
        private final HttpClient http = newClient();
        private long[] nanos = new long[1024];
        private int count;
        private long failures;

        LoadClient(HttpRequest request, Predicate<HttpResponse<String>> ok, long endNanos) {
            this.request = request;
            this.ok = ok;
            this.endNanos = endNanos;
        }

        @Override
        public void run() {
            while (System.nanoTime() < endNanos) {
                long start = System.nanoTime();
                try {
                    if (!ok.test(http.send(request, HttpResponse.BodyHandlers.ofString()))) {
                        failures++;
                    }
                } catch (IOException | InterruptedException e) {
                    failures++;
                }
                if (count == nanos.length) {
                    nanos = Arrays.copyOf(nanos, count * 2);
                }
                nanos[count++] = System.nanoTime() - start;
            }
        }

        long[] nanos() {
            return Arrays.copyOf(nanos, count);
        }

        long failures() {
            return failures;
        }
    }

    private HttpRequest runRequest(String scenario) throws IOException {
        return api("/api/run", runBody(scenario));
    }

    /** The same body as hookbox's trivial run, to the Node peer (which needs no key). */
    private HttpRequest nodeRequest() throws IOException {
        return post(node.runUri(), runBody(Workload.TRIVIAL), false);
    }

    private static ObjectNode runBody(String scenario) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("type", "post-login").put("content", Workload.named(scenario).sources().get(0))
                .put("seed", 1);
        body.set("context", JSON.readTree(Workload.INPUT));
        return body;
    }

    private String createApplication() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("name", "bench").put("type", "public");
        body.putArray("grantTypes").add("password");
        HttpResponse<String> created = client.send(api("/api/applications", body), HttpResponse.BodyHandlers.ofString());
        expect(response -> response.statusCode() == 201, created);
        return JSON.readTree(created.body()).path("clientId").asText();
    }

    private HttpRequest loginRequest(String clientId, String email) throws IOException {
        return post("/t/default/login", JSON.createObjectNode().put("client_id", clientId).put("username", email)
                .put("password", PASSWORD), false);
    }

    /** Signs up user number {@code user}; answers the email. */
    private String signUp(String clientId, int user) throws IOException, InterruptedException {
        String email = "ada" + user + "@example.com";
        ObjectNode body = JSON.createObjectNode().put("client_id", clientId).put("email", email)
                .put("password", PASSWORD).put("name", "Ada Lovelace");
        // each simulated user signs up from an address of its own, forwarded by the trusted loopback proxy
        HttpRequest signUp = HttpRequest.newBuilder(post("/t/default/signup", body, false), (name, value) -> true)
                .header("X-Forwarded-For", "10.0." + (user / 250) + "." + (user % 250 + 1)).build();
        expect(response -> response.statusCode() == 201, client.send(signUp, HttpResponse.BodyHandlers.ofString()));
        return email;
    }

    /**
     * An application and one user per load client, each client signing in its own user, so no two logins wait for the
     * same user's row; answers each client's login request.
     */
    private List<HttpRequest> loginsOfOwnUsers() throws IOException, InterruptedException {
        String clientId = createApplication();
        List<HttpRequest> logins = new ArrayList<>();
        for (int user = 0; user < options.clients(); user++) {
            logins.add(loginRequest(clientId, signUp(clientId, user)));
        }
        return logins;
    }

    /** Stores the pipeline scenario's five hooks as the tenant's post-login hooks, in order. */
    private void addPipelineAsPostLoginHooks() throws IOException, InterruptedException {
        List<String> sources = Workload.named(Workload.PIPELINE).sources();
        for (int step = 0; step < sources.size(); step++) {
            ObjectNode body = JSON.createObjectNode().put("name", "pipeline step " + (step + 1)).put("type", "post-login")
                    .put("content", sources.get(step));
            expect(response -> response.statusCode() == 201,
                    client.send(api("/api/hooks", body), HttpResponse.BodyHandlers.ofString()));
        }
    }

    private HttpRequest api(String path, ObjectNode body) throws IOException {
        return post(path, body, true);
    }

    private HttpRequest post(String path, ObjectNode body, boolean withKey) throws IOException {
        return post(server.uri(path), body, withKey);
    }

    private static HttpRequest post(URI uri, ObjectNode body, boolean withKey) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (withKey) {
            request.header("Authorization", "Bearer " + ServerProcess.API_KEY);
        }
        return request.build();
    }

    private static void expect(Predicate<HttpResponse<String>> ok, HttpResponse<String> response) throws IOException {
        if (!ok.test(response)) {
            throw new IOException("unexpected answer " + response.statusCode() + " to " + response.request().uri() + ": "
                    + response.body());
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
