package io.hookbox.egress;

import io.hookbox.support.LoopbackHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A run's budget on the server: requests per run, requests at once, the tenant's rate, and abandoning at the end. */
class EgressServiceTest {

    private final LoopbackHttp server = new LoopbackHttp();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private EgressService service;

    private EgressService service(int perRun, int concurrent, int perMinute, boolean enabled) {
        server.on("/wait", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // stopped
            } finally {
                inFlight.decrementAndGet();
            }
            LoopbackHttp.respond(exchange, 200, "text/plain", "ok");
        });
        EgressPolicy d = EgressPolicy.DEFAULT;
        EgressPolicy policy = new EgressPolicy(enabled, d.allowedPorts(), List.of(server.hostPort()), List.of(), 3, perRun,
                concurrent, d.maxRequestBytes(), d.maxResponseBytes(), 500, perMinute);
        service = new EgressService(policy, host -> {
            throw new java.net.UnknownHostException(host);
        }, "hookbox/test", tenant -> HostRules.NONE);
        return service;
    }

    @AfterEach
    void stop() {
        release.countDown();
        service.close();
        server.close();
    }

    private EgressRequest get() {
        return new EgressRequest("GET", server.url("/wait"), List.of(), null, null);
    }

    private static long deadlineInMs(long ms) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void requestsBeyondTheConcurrentCapWaitTheirTurnAndBeyondThePerRunCapFail() throws Exception {
        EgressService.Session session = service(4, 2, 600, true).open("t", deadlineInMs(5_000));
        List<CompletableFuture<EgressService.Outcome>> outcomes = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            CompletableFuture<EgressService.Outcome> outcome = new CompletableFuture<>();
            session.send(i, get(), outcome::complete);
            outcomes.add(outcome);
        }
        assertThat(outcomes.get(4).get(2, TimeUnit.SECONDS).error()).isEqualTo("more than 4 requests in one run");
        await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 2);
        Thread.sleep(300);
        assertThat(mostInFlight.get()).as("requests in flight at once").isEqualTo(2);
        release.countDown();
        for (int i = 0; i < 4; i++) {
            assertThat(outcomes.get(i).get(5, TimeUnit.SECONDS).response().status()).isEqualTo(200);
        }
        assertThat(session.close()).hasSize(5).allMatch(log -> log.method().equals("GET"));
    }

    @Test
    void closingASessionAbandonsItsRequestsAndNothingIsDelivered() throws Exception {
        EgressService.Session session = service(4, 2, 600, true).open("t", deadlineInMs(5_000));
        CompletableFuture<EgressService.Outcome> outcome = new CompletableFuture<>();
        session.send(1, get(), outcome::complete);
        Thread.sleep(200);

        List<RequestLog> made = session.close();

        assertThat(made).isEmpty();
        Thread.sleep(300);
        assertThat(outcome).isNotDone();
    }

    @Test
    void theTenantsRateAndTheSwitchAreEnforced() throws Exception {
        EgressService limited = service(10, 5, 1, true);
        CompletableFuture<EgressService.Outcome> second = new CompletableFuture<>();
        limited.open("t", deadlineInMs(2_000)).send(1, new EgressRequest("GET", "http://10.0.0.1/", List.of(), null, null), o -> { });
        limited.open("t", deadlineInMs(2_000)).send(1, get(), second::complete);
        assertThat(second.get(2, TimeUnit.SECONDS).error()).isEqualTo("the tenant's budget of 1 requests per minute is used up");
    }

    @Test
    void egressSwitchedOffRefusesEveryRequest() throws Exception {
        CompletableFuture<EgressService.Outcome> outcome = new CompletableFuture<>();
        service(10, 5, 600, false).open("t", deadlineInMs(2_000)).send(1, get(), outcome::complete);
        assertThat(outcome.get(2, TimeUnit.SECONDS).error()).isEqualTo("fetch is disabled on this server (egress.enabled is false)");
        assertThat(server.requests()).isZero();
    }
}
