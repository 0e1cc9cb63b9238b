package io.hookbox.egress;

import io.hookbox.support.LoopbackHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests to test servers on loopback, allowed through allowHosts; nothing leaves this machine. */
class EgressClientTest {

    private final LoopbackHttp allowed = new LoopbackHttp();
    private final LoopbackHttp refused = new LoopbackHttp();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private EgressClient client;

    private EgressClient client(int maxResponseBytes) {
        EgressPolicy d = EgressPolicy.DEFAULT;
        EgressPolicy policy = new EgressPolicy(true, d.allowedPorts(), List.of(allowed.hostPort(), "api.test:" + allowed.port()),
                List.of(), 2, d.maxRequestsPerRun(), d.maxConcurrentPerRun(), 2_048, maxResponseBytes, 500,
                d.requestsPerMinute());
        Resolver stub = host -> {
            lookups.add(host);
            if (host.equals("api.test")) {
                return List.of(InetAddress.getLoopbackAddress());
            }
            throw new java.net.UnknownHostException(host);
        };
        client = new EgressClient(new EgressGuard(policy, stub), "hookbox/test");
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        allowed.close();
        refused.close();
    }

    private static EgressRequest get(String url) {
        return new EgressRequest("GET", url, List.of(), null, EgressRequest.Redirect.FOLLOW);
    }

    @Test
    void sendsMethodHeadersAndBodyWithAFixedUserAgentAndReadsTheResponse() throws Exception {
        allowed.on("/echo", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("agent", exchange.getRequestHeaders().getFirst("User-Agent"));
            seen.put("host", exchange.getRequestHeaders().getFirst("Host"));
            seen.put("x", exchange.getRequestHeaders().getFirst("X-Thing"));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            LoopbackHttp.respond(exchange, 201, "application/json", "{\"ok\":true}");
        });
        EgressResponse response = client(1 << 20).send(new EgressRequest("post", "http://api.test:" + allowed.port() + "/echo",
                List.of(List.of("X-Thing", "1"), List.of("Host", "evil.test"), List.of("User-Agent", "spoof")),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null), HostRules.NONE, 2_000, new EgressClient.Call());

        assertThat(response.status()).isEqualTo(201);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.headers()).contains(List.of("content-type", "application/json"));
        assertThat(seen).containsEntry("method", "POST").containsEntry("agent", "hookbox/test")
                .containsEntry("x", "1").containsEntry("body", "{\"a\":1}")
                .containsEntry("host", "api.test:" + allowed.port());
        assertThat(lookups).containsExactly("api.test");
    }

    @Test
    void followsRedirectsDroppingAuthorizationWhenTheOriginChanges() throws Exception {
        allowed.on("/start", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + allowed.port() + "/end");
            exchange.sendResponseHeaders(302, -1);
        });
        allowed.on("/end", exchange -> {
            seen.put("auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            LoopbackHttp.respond(exchange, 200, "text/plain", "done");
        });
        EgressResponse response = client(1 << 20).send(new EgressRequest("GET", "http://api.test:" + allowed.port() + "/start",
                List.of(List.of("Authorization", "Bearer t")), null, null), HostRules.NONE, 2_000, new EgressClient.Call());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.redirected()).isTrue();
        assertThat(response.url()).endsWith("/end");
        assertThat(seen).containsEntry("auth", "null");
    }

    @Test
    void aRedirectToARefusedLoopbackPortIsCheckedAgainAndNeverConnected() {
        refused.on("/", exchange -> LoopbackHttp.respond(exchange, 200, "text/plain", "secret"));
        allowed.on("/hop", exchange -> {
            exchange.getResponseHeaders().set("Location", refused.url("/"));
            exchange.sendResponseHeaders(307, -1);
        });
        assertThatThrownBy(() -> client(1 << 20).send(get(allowed.url("/hop")), HostRules.NONE, 2_000, new EgressClient.Call()))
                .isInstanceOf(EgressDenied.class).hasMessageContaining("port " + refused.port() + " is not allowed");
        assertThat(refused.requests()).isZero();
    }

    @Test
    void redirectModesErrorAndManualAndTheRedirectLimit() throws Exception {
        allowed.on("/loop", exchange -> {
            exchange.getResponseHeaders().set("Location", "/loop");
            exchange.sendResponseHeaders(301, -1);
        });
        EgressClient egress = client(1 << 20);
        assertThatThrownBy(() -> egress.send(get(allowed.url("/loop")), HostRules.NONE, 2_000, new EgressClient.Call()))
                .isInstanceOf(EgressFailure.class).hasMessage("more than 2 redirects");
        assertThatThrownBy(() -> egress.send(new EgressRequest("GET", allowed.url("/loop"), List.of(), null,
                EgressRequest.Redirect.ERROR), HostRules.NONE, 2_000, new EgressClient.Call()))
                .hasMessageContaining("redirect is 'error'");
        EgressResponse manual = egress.send(new EgressRequest("GET", allowed.url("/loop"), List.of(), null,
                EgressRequest.Redirect.MANUAL), HostRules.NONE, 2_000, new EgressClient.Call());
        assertThat(manual.status()).isEqualTo(301);
    }

    @Test
    void aResponseOverTheCapFailsWhileStreamingEvenWithoutALength() {
        allowed.on("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[1_024]);
                }
            } catch (java.io.IOException clientGaveUp) {
                // expected: the client stops reading at the cap
            }
        });
        assertThatThrownBy(() -> client(4_096).send(get(allowed.url("/big")), HostRules.NONE, 2_000, new EgressClient.Call()))
                .isInstanceOf(EgressFailure.class).hasMessage("response larger than 4096 bytes");
    }

    @Test
    void aSlowServerIsCutOffAtTheRunsRemainingTime() {
        allowed.on("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (java.io.IOException | InterruptedException clientGaveUp) {
                // expected: the client hangs up at its deadline
            }
        });
        long started = System.nanoTime();
        assertThatThrownBy(() -> client(1 << 20).send(get(allowed.url("/slow")), HostRules.NONE, 300, new EgressClient.Call()))
                .isInstanceOf(EgressFailure.class).hasMessage("timed out after 300 ms");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void headerInjectionAndOversizedBodiesAreRefusedBeforeSending() {
        assertThatThrownBy(() -> client(1 << 20).send(new EgressRequest("GET", allowed.url("/"),
                List.of(List.of("X-A", "1\r\nX-Injected: 2")), null, null), HostRules.NONE, 2_000, new EgressClient.Call()))
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> client.send(new EgressRequest("GET", allowed.url("/"),
                List.of(List.of("X-A\r\nB", "1")), null, null), HostRules.NONE, 2_000, new EgressClient.Call()))
                .hasMessageContaining("not a valid header name");
        assertThatThrownBy(() -> client.send(new EgressRequest("POST", allowed.url("/"), List.of(), new byte[4_000], null),
                HostRules.NONE, 2_000, new EgressClient.Call())).hasMessage("request body larger than 2048 bytes");
        assertThat(allowed.requests()).isZero();
    }

    @Test
    void aCancelledCallFailsWithItsReason() {
        allowed.on("/hang", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException ignored) {
                // the server is stopped
            }
        });
        EgressClient.Call call = new EgressClient.Call();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                // not interrupted
            }
            call.cancel("the request was aborted");
        });
        assertThatThrownBy(() -> client(1 << 20).send(get(allowed.url("/hang")), HostRules.NONE, 3_000, call))
                .isInstanceOf(EgressFailure.class).hasMessage("the request was aborted");
    }
}
