package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.hookbox.egress.EgressClient;
import io.hookbox.egress.EgressGuard;
import io.hookbox.egress.EgressPolicy;
import io.hookbox.egress.EgressRequest;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.HostRules;
import io.hookbox.egress.Resolver;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * scripts/bench fetch: what a hook's request costs. A loopback server answers a small JSON body; measured one request
 * at a time: the egress client with its guard against a plain HttpClient 5 client (the guard's overhead per request),
 * a hook that makes one request against the same hook without it (through the worker pool, as flows run hooks), and
 * Node.js's own fetch doing the same request. Both HTTP clients open a new connection per request, as hookbox does
 * (each connection goes to the address the guard checked); Node keeps its connections, as its users get it.
 */
final class FetchBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"plan\":\"pro\",\"roles\":[\"admin\",\"billing\"],\"score\":0.93}";
    private static final String WITH_FETCH = """
            async function handle(data) {
              const answer = await fetch(URL_HERE, {headers: {authorization: 'Bearer t'}});
              data.user.app_metadata.plan = (await answer.json()).plan;
              return data;
            }""";
    private static final String WITHOUT_FETCH = """
            async function handle(data) {
              data.user.app_metadata.plan = JSON.parse('%s').plan;
              return data;
            }""".formatted(BODY);
    private static final String NODE_LOOP = """
            const [url, warmup, count] = [process.argv[2], +process.argv[3], +process.argv[4]];
            (async () => {
              for (let i = 0; i < warmup; i++) await (await fetch(url, {headers: {authorization: 'Bearer t'}})).json();
              const nanos = [];
              for (let i = 0; i < count; i++) {
                const start = process.hrtime.bigint();
                await (await fetch(url, {headers: {authorization: 'Bearer t'}})).json();
                nanos.push(Number(process.hrtime.bigint() - start));
              }
              console.log(JSON.stringify(nanos));
            })();
            """;

    private FetchBench() {
    }

    /** Arguments: [warm-up requests] [measured requests], default 2000 and 3000. */
    static void run(Path home, String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/profile", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        String url = "http://" + hostPort + "/profile";
        EgressPolicy d = EgressPolicy.DEFAULT;
        EgressPolicy egress = new EgressPolicy(true, d.allowedPorts(), List.of(hostPort), List.of(), d.maxRedirects(),
                d.maxRequestsPerRun(), d.maxConcurrentPerRun(), d.maxRequestBytes(), d.maxResponseBytes(),
                d.connectTimeoutMs(), Integer.MAX_VALUE / 2);
        try {
            System.out.printf("loopback server %s; %d warm-up and %d measured requests each, one at a time; load average %s%n",
                    url, warmup, count, BenchMain.loadAverage());
            report("plain HttpClient 5, new connection each", plain(url, warmup, count));
            report("egress client with its guard", guarded(egress, url, warmup, count));
            RuntimePolicy policy = RuntimePolicy.load(home.resolve("sandbox-policy.json")).withEgress(egress);
            try (WorkerPool pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties(),
                    new EgressService(egress, Resolver.SYSTEM, EgressService.USER_AGENT, tenant -> HostRules.NONE))) {
                io.hookbox.support.TestRuntime.awaitWarm(pool);
                JsonNode input = JSON.readTree(Workload.INPUT);
                report("hookbox hook, no request", hooks(pool, WITHOUT_FETCH, input, warmup, count));
                report("hookbox hook, one fetch", hooks(pool, WITH_FETCH.replace("URL_HERE", "'" + url + "'"), input,
                        warmup, count));
            }
            report("Node.js fetch (" + nodeVersion() + ")", node(url, warmup, count));
            System.out.printf("load average after: %s%n", BenchMain.loadAverage());
        } finally {
            server.stop(0);
        }
    }

    private static long[] plain(String url, int warmup, int count) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableAutomaticRetries().disableCookieManagement().build()) {
            return timed(warmup, count, () -> {
                HttpGet get = new HttpGet(url);
                get.addHeader("authorization", "Bearer t");
                client.execute(get, response -> EntityUtils.toByteArray(response.getEntity()));
            });
        }
    }

    private static long[] guarded(EgressPolicy egress, String url, int warmup, int count) throws Exception {
        try (EgressClient client = new EgressClient(new EgressGuard(egress, Resolver.SYSTEM), EgressService.USER_AGENT)) {
            EgressRequest request = new EgressRequest("GET", url, List.of(List.of("authorization", "Bearer t")), null, null);
            return timed(warmup, count, () -> client.send(request, HostRules.NONE, 5_000, new EgressClient.Call()));
        }
    }

    private static long[] hooks(WorkerPool pool, String source, JsonNode input, int warmup, int count) throws Exception {
        return timed(warmup, count, () -> {
            RunResult result = pool.run(new RunRequest("bench", source, input, "fetch-bench"));
            if (!result.succeeded()) {
                throw new IllegalStateException("the benchmark hook failed: " + result.error());
            }
        });
    }

    /** A step that may throw, timed once per call. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} {@code warmup} times untimed, then {@code count} times timed: each call's nanoseconds. */
    static long[] timed(int warmup, int count, Step step) throws Exception {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static long[] node(String url, int warmup, int count) throws IOException, InterruptedException {
        Path script = Files.writeString(Files.createTempFile("hookbox-fetch-bench", ".js"), NODE_LOOP);
        Process node = new ProcessBuilder("node", script.toString(), url, String.valueOf(warmup), String.valueOf(count))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        JsonNode nanos = JSON.readTree(node.getInputStream());
        node.waitFor();
        long[] values = new long[nanos.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = nanos.get(i).asLong();
        }
        return values;
    }

    private static String nodeVersion() throws IOException, InterruptedException {
        Process version = new ProcessBuilder("node", "--version").start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        version.waitFor();
        return text;
    }

    /**
     * Runs {@code first} and {@code second} in alternating rounds of {@code perRound} calls each (first, second, first...),
     * so that what the JVM does meanwhile (its compilers, a collection) falls on both alike: each one's nanoseconds per call.
     */
    static long[][] alternated(int rounds, int perRound, Step first, Step second) throws Exception {
        long[][] nanos = new long[2][];
        nanos[0] = new long[0];
        nanos[1] = new long[0];
        for (int round = 0; round < rounds; round++) {
            for (int which = 0; which < 2; which++) {
                long[] timed = timed(0, perRound, which == 0 ? first : second);
                long[] all = java.util.Arrays.copyOf(nanos[which], nanos[which].length + perRound);
                System.arraycopy(timed, 0, all, nanos[which].length, perRound);
                nanos[which] = all;
            }
        }
        return nanos;
    }

    static void report(String what, long[] nanos) {
        Latency latency = Latency.ofNanos(nanos);
        System.out.printf("%-42s median %8.1f µs   p99 %8.1f µs%n", what, latency.medianMicros(), latency.p99Micros());
    }
}
