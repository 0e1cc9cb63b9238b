package io.hookbox.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.hookbox.egress.EgressPolicy;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.HostRules;
import io.hookbox.egress.RequestLog;
import io.hookbox.egress.Resolver;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.LoopbackHttp;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * fetch from hooks, end to end: the worker asks, the server's egress service sends to test servers on loopback
 * (allowed through allowHosts), and the run's result lists the requests. Refused names resolve through a stub.
 */
class FetchTest {

    private static final LoopbackHttp server = new LoopbackHttp();
    private static final AtomicInteger concurrent = new AtomicInteger();
    private static final AtomicInteger maxConcurrent = new AtomicInteger();
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        server.on("/json", exchange -> LoopbackHttp.respond(exchange, 200, "application/json", "{\"plan\":\"pro\"}"));
        server.on("/echo", exchange -> LoopbackHttp.respond(exchange, 200, "application/json",
                "{\"method\":\"" + exchange.getRequestMethod() + "\",\"token\":\""
                        + exchange.getRequestHeaders().getFirst("X-Token") + "\",\"type\":\""
                        + exchange.getRequestHeaders().getFirst("Content-Type") + "\",\"body\":"
                        + TestRuntime.JSON.valueToTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        + "}"));
        server.on("/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", "/json");
            exchange.sendResponseHeaders(302, -1);
        });
        server.on("/slow", exchange -> {
            concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(concurrent.get(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // stopped
            } finally {
                concurrent.decrementAndGet();
            }
            LoopbackHttp.respond(exchange, 200, "text/plain", "slow");
        });
        server.on("/trickle", FetchTest::trickle);
        server.on("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 256; i++) {
                    out.write(new byte[1_024]);
                }
            } catch (IOException hungUp) {
                // the client stops at its cap
            }
        });
        RuntimePolicy test = TestRuntime.policy();
        EgressPolicy d = EgressPolicy.DEFAULT;
        EgressPolicy egress = new EgressPolicy(true, d.allowedPorts(), List.of(server.hostPort()), List.of(), 2, 4, 2,
                4_096, 65_536, 500, 60);
        RuntimePolicy policy = new RuntimePolicy(test.limits(), test.console(),
                new RuntimePolicy.Workers(1, 2, 256, 0, 700, 20, 30_000, 0), test.queue(), null, test.lanes(), null, egress);
        Resolver stub = host -> switch (host) {
            case "metadata.test" -> List.of(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
            case "api.test" -> List.of(InetAddress.getLoopbackAddress());
            default -> throw new UnknownHostException(host);
        };
        pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties(),
                new EgressService(egress, stub, EgressService.USER_AGENT, tenant -> HostRules.NONE));
        TestRuntime.awaitWarm(pool);
    }

    @AfterAll
    static void stop() {
        pool.close();
        server.close();
    }

    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 100; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException hungUp) {
            // the client gives up at the run's deadline
        }
    }

    private static RunResult run(String tenant, String source) {
        return pool.run(new RunRequest(tenant, source.replace("BASE", "http://" + server.hostPort()), json("{}")));
    }

    @Test
    void aHookFetchesJsonAndTheRunListsTheRequest() {
        RunResult result = run("t-json", """
                async function handle(data) {
                  const response = await fetch('BASE/json?user=42');
                  return {status: response.status, ok: response.ok, type: response.headers.get('content-type'),
                          body: await response.json(), url: response.url};
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.result()).isEqualTo(json("{\"status\":200,\"ok\":true,\"type\":\"application/json\","
                + "\"body\":{\"plan\":\"pro\"},\"url\":\"http://" + server.hostPort() + "/json?user=42\"}"));
        assertThat(result.requests()).hasSize(1);
        RequestLog logged = result.requests().get(0);
        assertThat(logged.method()).isEqualTo("GET");
        assertThat(logged.url()).endsWith("/json?user=42");
        assertThat(logged.status()).isEqualTo(200);
        assertThat(logged.bytesIn()).isEqualTo(14);
        assertThat(logged.error()).isNull();
    }

    @Test
    void methodsHeadersAndBodiesReachTheServer() {
        RunResult result = run("t-echo", """
                async function handle(data) {
                  const posted = await fetch('BASE/echo', {method: 'POST', headers: {'X-Token': 't1', 'Content-Type': 'application/json'},
                      body: JSON.stringify({a: 1})}).then(r => r.json());
                  const form = await fetch(new Request('BASE/echo', {method: 'put', body: new URLSearchParams({q: 'a b'})})).then(r => r.json());
                  const bytes = await fetch('BASE/echo', {method: 'PATCH', body: new TextEncoder().encode('raw')}).then(r => r.json());
                  return {posted, form, bytes};
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.result().get("posted")).isEqualTo(json(
                "{\"method\":\"POST\",\"token\":\"t1\",\"type\":\"application/json\",\"body\":\"{\\\"a\\\":1}\"}"));
        assertThat(result.result().get("form")).isEqualTo(json(
                "{\"method\":\"PUT\",\"token\":\"null\",\"type\":\"application/x-www-form-urlencoded;charset=UTF-8\",\"body\":\"q=a+b\"}"));
        assertThat(result.result().path("bytes").path("body").asText()).isEqualTo("raw");
    }

    @Test
    void redirectsAreFollowedAndRefusalsRejectWithTheirCause() {
        RunResult result = run("t-refuse", """
                async function handle(data) {
                  const followed = await fetch('BASE/redirect');
                  const why = url => fetch(url).then(() => 'sent', e => [e.name, e.message, e.cause && e.cause.message]);
                  return {redirected: followed.redirected, status: followed.status,
                          metadata: await why('http://metadata.test/latest/meta-data/'),
                          loopbackAdmin: await why('http://127.0.0.1:7070/api/admin/tenants'),
                          numeric: await why('http://0x7f000001/'),
                          scheme: await why('file:///etc/passwd')};
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.result().get("redirected").asBoolean()).isTrue();
        assertThat(result.result().get("metadata")).isEqualTo(json(
                "[\"TypeError\",\"fetch failed\",\"EGRESS_DENIED: 169.254.169.254 is a link-local address (metadata.test resolves to it)\"]"));
        assertThat(result.result().get("loopbackAdmin").get(2).asText()).startsWith("EGRESS_DENIED: port 7070 is not allowed");
        assertThat(result.result().get("numeric").get(2).asText()).isEqualTo("EGRESS_DENIED: 127.0.0.1 is a loopback address");
        assertThat(result.result().get("scheme").get(1).asText()).isEqualTo("fetch failed");
        assertThat(result.requests()).extracting(RequestLog::error).filteredOn(error -> error != null).hasSize(4);
    }

    @Test
    void abortAndAbortSignalTimeoutRejectTheFetch() {
        RunResult result = run("t-abort", """
                async function handle(data) {
                  const controller = new AbortController();
                  const pending = fetch('BASE/slow', {signal: controller.signal});
                  setTimeout(() => controller.abort(), 20);
                  const aborted = await pending.then(() => 'done', e => e.name);
                  const timedOut = await fetch('BASE/trickle', {signal: AbortSignal.timeout(100)}).then(() => 'done', e => e.name);
                  return {aborted, timedOut};
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.result()).isEqualTo(json("{\"aborted\":\"AbortError\",\"timedOut\":\"TimeoutError\"}"));
    }

    @Test
    void aSlowServerIsBoundedByTheRunsTimeoutAndWaitingIsNotCpu() {
        RunResult result = run("t-slowloris", """
                async function handle(data) {
                  try { await (await fetch('BASE/trickle')).text(); return 'read'; }
                  catch (e) { return e.cause.message; }
                }""");

        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().asText()).startsWith("timed out after");
    }

    @Test
    void responsesOverTheCapFail() {
        RunResult result = run("t-huge", """
                async function handle(data) { return fetch('BASE/huge').then(r => 'read', e => e.cause.message); }""");

        assertThat(result.result().asText()).isEqualTo("response larger than 65536 bytes");
    }

    @Test
    void requestsPerRunAndConcurrentRequestsAreCapped() {
        maxConcurrent.set(0);
        RunResult result = run("t-caps", """
                async function handle(data) {
                  const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => fetch('BASE/slow').then(r => r.status, e => e.cause.message)));
                  return outcomes;
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.result()).isEqualTo(json("[200,200,200,200,\"more than 4 requests in one run\"]"));
        assertThat(maxConcurrent.get()).isEqualTo(2);
    }

    @Test
    void aHookThatKeepsFetchingAfterItsCallbackIsCutOff() throws InterruptedException {
        int before = server.requests();
        RunResult result = run("t-after", """
                function handle(data, callback) {
                  callback(null, {done: true});
                  const again = () => fetch('BASE/json').finally(again);
                  again();
                }""");
        Thread.sleep(300);

        assertThat(result.result()).isEqualTo(json("{\"done\":true}"));
        assertThat(server.requests() - before).isLessThanOrEqualTo(1);
    }
}
