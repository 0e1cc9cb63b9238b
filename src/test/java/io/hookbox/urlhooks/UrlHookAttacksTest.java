package io.hookbox.urlhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import io.hookbox.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.List;

import static io.hookbox.support.WebhookReceiver.answering;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URL-hook door, attacked: a URL hook is a request hookbox sends on a tenant's behalf, so it must be held to the
 * egress guard exactly as hooks' fetch is, and its parts (secret, headers, deliveries) kept to its tenant.
 */
class UrlHookAttacksTest {

    private static final long TIMEOUT_MS = 3_000;

    private static WebhookReceiver receiver;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        server = TestServer.withUrlHooks(Files.createTempDirectory("hookbox-url-attacks"),
                TestServer.UrlHookEgress.loopback(List.of(receiver.hostPort()), host -> switch (host) {
                    case "metadata.test" -> List.of(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
                    case "intranet.test" -> List.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}));
                    default -> throw new UnknownHostException(host);
                }, TIMEOUT_MS));
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void a_url_resolving_to_a_metadata_private_or_loopback_address_is_refused_before_any_connection() {
        ApiClient tenant = server.newTenant().client();
        for (String url : List.of("https://metadata.test/latest/meta-data/", "https://intranet.test/hooks",
                "https://169.254.169.254/latest/", "https://[::1]/hooks")) {
            String hookId = create(tenant, "pre-login", url).path("id").asText();

            JsonNode run = tenant.post("/api/hooks/" + hookId + "/run", "{}").body();

            assertThat(run.path("status").asText()).as(url).isEqualTo("error");
            assertThat(run.path("error").path("message").asText()).as(url).contains("EGRESS_DENIED");
            tenant.delete("/api/hooks/" + hookId);
        }
    }

    @Test
    void a_redirect_is_not_followed_even_to_an_allowed_address() {
        ApiClient tenant = server.newTenant().client();
        String target = receiver.endpoint(answering(200, "{}"));
        String path = receiver.endpoint((exchange, request, nth) -> {
            exchange.getResponseHeaders().set("Location", "https://metadata.test/latest/");
            exchange.sendResponseHeaders(307, -1);
        });
        String local = receiver.endpoint((exchange, request, nth) -> {
            exchange.getResponseHeaders().set("Location", receiver.url(target));
            exchange.sendResponseHeaders(302, -1);
        });

        for (String redirecting : List.of(path, local)) {
            String hookId = create(tenant, "pre-login", receiver.url(redirecting)).path("id").asText();
            JsonNode run = tenant.post("/api/hooks/" + hookId + "/run", "{}").body();
            assertThat(run.path("error").path("message").asText()).contains("redirects are not followed");
            tenant.delete("/api/hooks/" + hookId);
        }
        assertThat(receiver.received(target)).isEmpty();
    }

    @Test
    void an_oversized_answer_is_cut_off_and_is_that_hooks_error() {
        ApiClient tenant = server.newTenant().client();
        String path = receiver.endpoint((exchange, request, nth) -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                for (int i = 0; i < 1_000; i++) {
                    out.write(("\"k" + i + "\": \"" + "x".repeat(100) + "\", ").getBytes());
                }
            } catch (IOException hungUp) {
                // the client stops reading at its cap
            }
        });
        String hookId = create(tenant, "pre-login", receiver.url(path)).path("id").asText();

        JsonNode run = tenant.post("/api/hooks/" + hookId + "/run", "{}").body();

        assertThat(run.path("status").asText()).isEqualTo("error");
        assertThat(run.path("error").path("message").asText()).contains("larger than 4096 bytes");
    }

    @Test
    void a_receiver_that_trickles_its_answer_is_stopped_at_the_hook_timeout() {
        ApiClient tenant = server.newTenant().client();
        String path = receiver.endpoint((exchange, request, nth) -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException hungUp) {
                // hookbox gave up at the timeout
            }
        });
        String hookId = create(tenant, "pre-login", receiver.url(path)).path("id").asText();

        long started = System.nanoTime();
        JsonNode run = tenant.post("/api/hooks/" + hookId + "/run", "{}").body();
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(run.path("error").path("code").asText()).isEqualTo("TIMEOUT");
        assertThat(tookMs).as("stopped near the %d ms timeout, not after the 10 s trickle", TIMEOUT_MS).isLessThan(8_000);
    }

    @Test
    void header_injection_is_refused_at_save_and_nothing_is_stored() {
        ApiClient tenant = server.newTenant().client();
        for (String headers : List.of("{\"X-Key\": \"a\\r\\nHost: intranet\"}", "{\"X-Key\": \"a\\nb\"}",
                "{\"X-Key\\r\\nHost\": \"a\"}", "{\"Transfer-Encoding\": \"chunked\"}", "{\"Webhook-Signature\": \"v1,forged\"}")) {
            ApiClient.Response response = tenant.post("/api/hooks", "{\"kind\": \"url\", \"type\": \"pre-login\", \"name\": \"h\","
                    + " \"url\": \"https://example.com/\", \"headers\": " + headers + "}");
            assertThat(response.status()).as(headers).isEqualTo(400);
            assertThat(response.body().path("error").asText()).isEqualTo("invalid_header");
        }
        assertThat(tenant.get("/api/hooks").body()).isEmpty();
    }

    @Test
    void a_tenant_reaches_neither_another_tenants_url_hook_nor_its_secret_nor_its_deliveries() {
        ApiClient owner = server.newTenant().client();
        ApiClient other = server.newTenant().client();
        JsonNode hook = create(owner, "pre-login", receiver.url(receiver.endpoint(answering(204, ""))));
        String hookId = hook.path("id").asText();

        assertThat(other.get("/api/hooks/" + hookId).status()).isEqualTo(404);
        assertThat(other.post("/api/hooks/" + hookId + "/signing-secret", "").status()).isEqualTo(404);
        assertThat(other.post("/api/hooks/" + hookId + "/run", "{}").status()).isEqualTo(404);
        assertThat(other.patch("/api/hooks/" + hookId, "{\"url\": \"https://evil.example/\", \"version\": 1}").status()).isEqualTo(404);
        assertThat(other.get("/api/deliveries?hookId=" + hookId).body()).isEmpty();
        assertThat(other.get("/api/hooks").body().toString()).doesNotContain(hookId);
        assertThat(owner.get("/api/hooks/" + hookId).body().path("url").asText()).startsWith("http://127.0.0.1:");
    }

    private static JsonNode create(ApiClient tenant, String type, String url) {
        ApiClient.Response created = tenant.post("/api/hooks", "{\"kind\": \"url\", \"type\": \"" + type + "\", \"name\": \"h-"
                + System.nanoTime() + "\", \"url\": \"" + url + "\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }
}
