package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Backend;
import io.hookbox.support.LoopbackHttp;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import io.hookbox.support.WebhookReceiver;
import io.hookbox.support.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hookbox.support.WebhookReceiver.answering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * URL hooks in real flows, against receivers on loopback: synchronous at blocking triggers (new data, a refusal, a
 * timeout following onError), through the outbox after the fact (signed with one webhook-id on every attempt,
 * retried, dead, retried from the API, disabled by 410 Gone), never for a change rolled back.
 */
class UrlHooksTest {

    private static final String PASSWORD = "tulip-orbit-canyon";
    static final long TIMEOUT_MS = 2_000;

    private static WebhookReceiver receiver;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        server = TestServer.withUrlHooks(Files.createTempDirectory("hookbox-url-hooks"), egress(receiver));
    }

    /** Receivers on loopback, allowed by address; names resolve only as a stub says (never through DNS). */
    static TestServer.UrlHookEgress egress(WebhookReceiver receiver) {
        return TestServer.UrlHookEgress.loopback(List.of(receiver.hostPort()), host -> switch (host) {
            case "metadata.test" -> List.of(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
            default -> throw new UnknownHostException(host);
        }, TIMEOUT_MS);
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void a_url_hook_is_created_with_its_signing_secret_shown_once_its_headers_never_and_has_nothing_to_deploy() {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient.Response created = tenant.api.post("/api/hooks", """
                {"kind": "url", "type": "post-register", "name": "crm", "url": "%s", "headers": {"X-Api-Key": "k-123"}}"""
                .formatted(receiver.url("/crm")));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode hook = created.body();
        assertThat(hook.path("signingSecret").asText()).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(hook.path("kind").asText()).isEqualTo("url");
        assertThat(hook.path("url").asText()).isEqualTo(receiver.url("/crm"));
        assertThat(hook.path("async").asBoolean()).as("a post-register hook is always after the fact").isTrue();
        assertThat(hook.path("headerNames")).extracting(JsonNode::asText).containsExactly("X-Api-Key");
        assertThat(hook.has("content")).isFalse();
        assertThat(hook.has("form")).isFalse();
        JsonNode read = tenant.api.get("/api/hooks/" + hook.path("id").asText()).body();
        assertThat(read.has("signingSecret")).isFalse();
        assertThat(read.toString()).doesNotContain("k-123").doesNotContain(hook.path("signingSecret").asText());
        assertThat(tenant.api.get("/api/hooks").body().toString()).doesNotContain("k-123");

        ApiClient.Response deploy = tenant.api.post("/api/hooks/" + hook.path("id").asText() + "/deploy", "");
        assertThat(deploy.status()).as(deploy.body().toString()).isEqualTo(400);
        assertThat(deploy.body().path("error").asText()).isEqualTo("invalid_request");
        assertThat(deploy.body().path("message").asText()).contains("no code to deploy");
    }

    @Test
    void bad_urls_headers_and_kinds_are_refused_by_name_and_nothing_is_stored() {
        AuthFixture tenant = new AuthFixture(server);
        assertRefused(tenant, "\"url\": \"ftp://example.com/x\"", "invalid_url");
        assertRefused(tenant, "\"url\": \"/relative\"", "invalid_url");
        assertRefused(tenant, "\"url\": \"http://example.com/hooks\"", "invalid_url");
        assertRefused(tenant, "\"url\": \"https://user:pw@example.com/hooks\"", "invalid_url");
        assertRefused(tenant, "\"url\": \"https://example.com/a b\"", "invalid_url");
        assertRefused(tenant, "\"content\": \"function handle(d, cb) { cb(null, d); }\", \"url\": \"https://example.com/\"", "invalid_request");
        String ok = "\"url\": \"https://example.com/hooks\", ";
        assertRefused(tenant, ok + "\"headers\": {\"X-Key\": \"a\\r\\nX-Injected: 1\"}", "invalid_header");
        assertRefused(tenant, ok + "\"headers\": {\"webhook-id\": \"mine\"}", "invalid_header");
        assertRefused(tenant, ok + "\"headers\": {\"Host\": \"internal\"}", "invalid_header");
        assertRefused(tenant, ok + "\"headers\": {\"Content-Length\": \"5\"}", "invalid_header");
        assertRefused(tenant, ok + "\"headers\": {\"Bad Name\": \"x\"}", "invalid_header");
        ApiClient.Response kind = tenant.api.post("/api/hooks", "{\"kind\": \"lambda\", \"type\": \"pre-login\", \"name\": \"x\"}");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.body().path("message").asText()).contains("'kind'");

        assertThat(tenant.api.get("/api/hooks").body()).isEmpty();
    }

    private static void assertRefused(AuthFixture tenant, String fields, String error) {
        ApiClient.Response response = tenant.api.post("/api/hooks",
                "{\"kind\": \"url\", \"type\": \"pre-register\", \"name\": \"refused\", " + fields + "}");
        assertThat(response.status()).as(fields + " -> " + response.body()).isEqualTo(400);
        assertThat(response.body().path("error").asText()).as(response.body().toString()).isEqualTo(error);
    }

    @Test
    void a_pre_register_url_hook_changes_the_new_user_and_its_call_is_signed_as_the_specification_says() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint((exchange, request, nth) -> {
            ObjectNode data = (ObjectNode) request.json().path("data");
            ((ObjectNode) data.path("user")).putObject("user_metadata").put("crmId", "c-42");
            LoopbackHttp.respond(exchange, 200, "application/json", data.toString());
        });
        JsonNode hook = urlHook(tenant, "pre-register", "crm check", path, "{\"X-Api-Key\": \"k-123\"}", null);
        long before = Instant.now().getEpochSecond();

        JsonNode user = tenant.signedUp("ann@example.com", PASSWORD);

        assertThat(user.path("user_metadata").path("crmId").asText()).as(user.toString()).isEqualTo("c-42");
        Received call = receiver.received(path).getFirst();
        assertThat(call.signedWith(hook.path("signingSecret").asText())).isTrue();
        assertThat(call.signedWith("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))).isFalse();
        assertThat(call.header("webhook-id")).startsWith("msg_");
        assertThat(Long.parseLong(call.header("webhook-timestamp"))).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
        assertThat(call.header("x-api-key")).isEqualTo("k-123");
        assertThat(call.header("content-type")).isEqualTo("application/json");
        JsonNode body = call.json();
        assertThat(body.path("id").asText()).isEqualTo(call.header("webhook-id"));
        assertThat(body.path("type").asText()).isEqualTo("pre-register");
        assertThat(body.path("tenant").asText()).isEqualTo(tenant.tenantId);
        assertThat(Instant.parse(body.path("createdAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(body.path("data").path("user").path("email").asText()).isEqualTo("ann@example.com");
        JsonNode execution = tenant.executions("?hookId=" + hook.path("id").asText()).get(0);
        assertThat(execution.path("status").asText()).isEqualTo("success");
    }

    @Test
    void a_refusal_denies_with_the_receivers_message_and_a_204_keeps_the_data() {
        AuthFixture tenant = new AuthFixture(server);
        String keep = receiver.endpoint(answering(204, ""));
        urlHook(tenant, "pre-register", "keeps", keep, null, null);
        String refuse = receiver.endpoint(answering(403, "{\"error\": \"blocked\", \"message\": \"sign-ups from there are closed\"}"));
        urlHook(tenant, "pre-register", "refuses", refuse, null, null);

        ApiClient.Response denied = tenant.signUp("bo@example.com", PASSWORD, "");

        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.body().path("error").asText()).isEqualTo("hook_rejected");
        assertThat(denied.body().path("message").asText()).isEqualTo("sign-ups from there are closed");
        assertThat(receiver.received(keep)).hasSize(1);
        assertThat(tenant.api.get("/api/users").body()).isEmpty();
    }

    @Test
    void a_slow_a_failing_or_a_non_json_receiver_denies_by_default_and_with_continue_the_flow_goes_on() {
        AuthFixture tenant = new AuthFixture(server);
        String slow = receiver.endpoint((exchange, request, nth) -> {
            sleep(TIMEOUT_MS + 1_000);
            LoopbackHttp.respond(exchange, 204, "application/json", "");
        });
        String hookId = urlHook(tenant, "pre-register", "slow", slow, null, null).path("id").asText();

        ApiClient.Response timedOut = tenant.signUp("cy@example.com", PASSWORD, "");
        assertThat(timedOut.status()).isEqualTo(400);
        assertThat(timedOut.body().path("details").path("hookError").asText()).isEqualTo("TIMEOUT");
        assertThat(timedOut.body().path("message").asText()).contains("did not answer in time");

        patch(tenant, hookId, "{\"onError\": \"continue\"}");
        assertThat(tenant.signUp("cy@example.com", PASSWORD, "").status()).isEqualTo(201);
        JsonNode continued = tenant.executions("?hookId=" + hookId).get(0);
        assertThat(continued.path("errorCode").asText()).isEqualTo("TIMEOUT");
        assertThat(continued.path("continued").asBoolean()).isTrue();

        patch(tenant, hookId, "{\"onError\": \"deny\", \"url\": \"" + receiver.url(receiver.endpoint(answering(503, ""))) + "\"}");
        ApiClient.Response failing = tenant.signUp("dee@example.com", PASSWORD, "");
        assertThat(failing.status()).isEqualTo(400);
        assertThat(failing.body().path("message").asText()).isEqualTo("the URL hook's endpoint answered 503");

        patch(tenant, hookId, "{\"url\": \"" + receiver.url(receiver.endpoint((exchange, request, nth) ->
                LoopbackHttp.respond(exchange, 200, "text/html", "<html>ok</html>"))) + "\"}");
        ApiClient.Response notJson = tenant.signUp("dee@example.com", PASSWORD, "");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().path("details").path("hookError").asText()).isEqualTo("INVALID_RESULT");
    }

    @Test
    void an_answer_the_type_refuses_fails_as_a_code_hooks_result_would() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint(answering(200, "{\"user\": 42}"));
        urlHook(tenant, "pre-register", "bad data", path, null, null);

        ApiClient.Response refused = tenant.signUp("eve@example.com", PASSWORD, "");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("details").path("hookError").asText()).isEqualTo("INVALID_RESULT");
    }

    @Test
    void a_post_register_url_hook_is_retried_with_one_webhook_id_and_growing_delays_until_delivered() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint((exchange, request, nth) -> LoopbackHttp.respond(exchange, nth <= 2 ? 500 : 200,
                "application/json", nth <= 2 ? "{\"error\": \"busy\"}" : "{\"ok\": true}"));
        JsonNode hook = urlHook(tenant, "post-register", "crm", path, null, null);
        String hookId = hook.path("id").asText();

        tenant.signedUp("fay@example.com", PASSWORD);

        JsonNode delivery = AfterTheFactHooksTest.awaitDelivery(tenant, hookId, "delivered");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("lastStatusCode").asInt()).isEqualTo(200);
        List<Received> calls = receiver.received(path);
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.header("webhook-id")).isEqualTo(delivery.path("id").asText());
            assertThat(call.signedWith(hook.path("signingSecret").asText())).isTrue();
            assertThat(call.json().path("type").asText()).isEqualTo("post-register");
        });
        long firstWait = TimeUnit.NANOSECONDS.toMillis(calls.get(1).atNanos() - calls.get(0).atNanos());
        long secondWait = TimeUnit.NANOSECONDS.toMillis(calls.get(2).atNanos() - calls.get(1).atNanos());
        assertThat(firstWait).as("80%% of the test policy's 400 ms at least").isGreaterThanOrEqualTo(300);
        assertThat(secondWait).as("twice as long, jitter aside").isGreaterThanOrEqualTo(600);
        assertThat(tenant.executions("?hookId=" + hookId)).hasSize(3);
        for (String outcome : List.of("failed", "delivered")) {
            assertThat(TestRuntime.METRICS.find("hookbox.outbox.attempts").tag("kind", "url").tag("outcome", outcome).timer())
                    .as(outcome).isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive());
        }
        assertThat(TestRuntime.METRICS.find("hookbox.urlhook.calls").tag("outcome", "success").counter()).isNotNull();
    }

    @Test
    void a_receiver_down_for_every_attempt_leaves_a_dead_delivery_that_a_retry_from_the_api_delivers() {
        AuthFixture tenant = new AuthFixture(server);
        boolean[] up = {false};
        String path = receiver.endpoint((exchange, request, nth) -> LoopbackHttp.respond(exchange, up[0] ? 200 : 502, "text/plain", ""));
        String hookId = urlHook(tenant, "post-register", "crm", path, null, null).path("id").asText();
        tenant.signedUp("gus@example.com", PASSWORD);

        JsonNode dead = AfterTheFactHooksTest.awaitDelivery(tenant, hookId, "dead");
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("lastStatusCode").asInt()).isEqualTo(502);
        assertThat(dead.path("lastError").asText()).isEqualTo("HOOK_ERROR: the URL hook's endpoint answered 502");

        up[0] = true;
        assertThat(tenant.api.post("/api/deliveries/" + dead.path("id").asText() + "/retry", "").status()).isEqualTo(202);
        JsonNode delivered = AfterTheFactHooksTest.awaitDelivery(tenant, hookId, "delivered");
        assertThat(delivered.path("attempts").asInt()).isEqualTo(4);
        assertThat(receiver.received(path)).extracting(call -> call.header("webhook-id")).containsOnly(dead.path("id").asText());
    }

    @Test
    void a_410_gone_disables_the_hook_says_so_and_is_not_tried_again() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint(answering(410, ""));
        String hookId = urlHook(tenant, "post-register", "old crm", path, null, null).path("id").asText();
        tenant.signedUp("hal@example.com", PASSWORD);

        JsonNode dead = AfterTheFactHooksTest.awaitDelivery(tenant, hookId, "dead");

        assertThat(dead.path("attempts").asInt()).as("dead at the 410, before the policy's 3 attempts").isLessThan(3);
        assertThat(dead.path("lastStatusCode").asInt()).isEqualTo(410);
        assertThat(dead.path("lastError").asText()).contains("410 Gone").contains("disabled");
        JsonNode hook = tenant.api.get("/api/hooks/" + hookId).body();
        assertThat(hook.path("enabled").asBoolean()).isFalse();
        assertThat(hook.path("stoppedReason").asText()).contains("410 Gone");
        int calls = receiver.received(path).size();
        tenant.signedUp("ida@example.com", PASSWORD);
        sleep(1_000);
        assertThat(AfterTheFactHooksTest.deliveries(tenant, "?hookId=" + hookId)).hasSize(1);
        assertThat(receiver.received(path)).hasSize(calls);

        JsonNode enabledAgain = patch(tenant, hookId, "{\"enabled\": true}");
        assertThat(enabledAgain.path("enabled").asBoolean()).isTrue();
        assertThat(enabledAgain.path("stoppedReason").isNull()).isTrue();
        assertThat(tenant.api.get("/api/hooks/" + hookId).body().path("stoppedReason").isNull()).isTrue();
    }

    @Test
    void a_sign_up_rolled_back_by_a_pre_register_hook_enqueues_nothing_for_a_url_post_register_hook() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint(answering(200, ""));
        String hookId = urlHook(tenant, "post-register", "crm", path, null, null).path("id").asText();
        urlHook(tenant, "pre-register", "refuses", receiver.endpoint(answering(400, "{\"error\": \"no\", \"message\": \"closed\"}")),
                null, null);

        assertThat(tenant.signUp("jo@example.com", PASSWORD, "").status()).isEqualTo(400);

        assertThat(AfterTheFactHooksTest.deliveries(tenant, "?hookId=" + hookId)).isEmpty();
        assertThat(receiver.received(path)).isEmpty();
    }

    @Test
    void an_async_post_login_url_hook_does_not_hold_the_login_and_is_delivered_after_it() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint((exchange, request, nth) -> {
            sleep(TIMEOUT_MS + 500);
            LoopbackHttp.respond(exchange, 200, "application/json", "");
        });
        String hookId = urlHook(tenant, "post-login", "audit", path, null, true).path("id").asText();
        tenant.signedUp("kim@example.com", PASSWORD);

        ApiClient.Response login = tenant.login("kim@example.com", PASSWORD);

        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        JsonNode delivery = AfterTheFactHooksTest.awaitDelivery(tenant, hookId, "failed");
        assertThat(delivery.path("type").asText()).isEqualTo("post-login");
        assertThat(receiver.received(path).getFirst().json().path("data").path("user").path("email").asText()).isEqualTo("kim@example.com");
    }

    @Test
    void a_rotated_secret_is_shown_once_and_both_secrets_sign_during_the_grace_period() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint(answering(204, ""));
        JsonNode hook = urlHook(tenant, "pre-login", "check", path, null, null);
        String hookId = hook.path("id").asText();

        ApiClient.Response rotated = tenant.api.post("/api/hooks/" + hookId + "/signing-secret", "");

        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.body().path("signingSecret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(hook.path("signingSecret").asText());
        assertThat(Instant.parse(rotated.body().path("previousSecretExpiresAt").asText()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));
        ApiClient.Response run = tenant.api.post("/api/hooks/" + hookId + "/run", "{}");
        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        Received call = receiver.received(path).getFirst();
        assertThat(call.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(call.signedWith(fresh)).isTrue();
        assertThat(call.signedWith(hook.path("signingSecret").asText())).isTrue();
        assertThat(tenant.api.post("/api/hooks/" + hookId + "/signing-secret", "").body().toString()).doesNotContain(fresh.substring(6));
    }

    @Test
    void a_test_run_calls_the_endpoint_at_once_and_never_enqueues() {
        AuthFixture tenant = new AuthFixture(server);
        String path = receiver.endpoint(answering(502, ""));
        String hookId = urlHook(tenant, "post-register", "crm", path, null, null).path("id").asText();

        ApiClient.Response run = tenant.api.post("/api/hooks/" + hookId + "/run", "{}");

        assertThat(run.body().path("status").asText()).as(run.body().toString()).isEqualTo("error");
        assertThat(run.body().path("error").path("message").asText()).isEqualTo("the URL hook's endpoint answered 502");
        assertThat(run.body().path("requests").get(0).path("status").asInt()).isEqualTo(502);
        assertThat(receiver.received(path)).hasSize(1);
        ApiClient.Response pipeline = tenant.api.post("/api/pipelines/post-register/run", "{}");
        assertThat(pipeline.body().path("steps")).as(pipeline.body().toString()).hasSize(1);
        assertThat(receiver.received(path)).hasSize(2);
        assertThat(AfterTheFactHooksTest.deliveries(tenant, "")).isEmpty();
    }

    @Test
    void headers_and_url_change_through_patch_and_the_new_headers_are_sent() {
        AuthFixture tenant = new AuthFixture(server);
        String first = receiver.endpoint(answering(204, ""));
        String second = receiver.endpoint(answering(204, ""));
        String hookId = urlHook(tenant, "pre-login", "check", first, "{\"X-Old\": \"1\"}", null).path("id").asText();

        JsonNode patched = patch(tenant, hookId, "{\"url\": \"" + receiver.url(second) + "\", \"headers\": {\"X-New\": \"2\"}}");

        assertThat(patched.path("headerNames")).extracting(JsonNode::asText).containsExactly("X-New");
        assertThat(patched.path("url").asText()).isEqualTo(receiver.url(second));
        tenant.api.post("/api/hooks/" + hookId + "/run", "{}");
        Received call = receiver.received(second).getFirst();
        assertThat(call.header("x-new")).isEqualTo("2");
        assertThat(call.header("x-old")).isNull();
        assertThat(receiver.received(first)).isEmpty();
        ApiClient.Response content = tenant.api.patch("/api/hooks/" + hookId, "{\"content\": \"x\", \"version\": 2}");
        assertThat(content.status()).isEqualTo(400);
    }

    @Test
    void two_servers_on_one_database_deliver_each_url_hook_entry_once(@TempDir Path dataDir) {
        String database = Backend.H2.jdbcUrl(dataDir);
        try (TestServer nodeA = TestServer.onDatabase(database, egress(receiver));
             TestServer nodeB = TestServer.onDatabase(database, egress(receiver))) {
            AuthFixture tenant = new AuthFixture(nodeA);
            String path = receiver.endpoint(answering(200, ""));
            String hookId = urlHook(tenant, "post-register", "crm", path, null, null).path("id").asText();
            ApiClient onB = nodeB.anonymous();
            int users = 6;
            AfterTheFactHooksTest.signUpOnEachNodeInTurn(tenant, onB, users);

            await().atMost(Duration.ofSeconds(30)).until(() -> AfterTheFactHooksTest.deliveries(tenant, "?status=delivered&hookId=" + hookId),
                    list -> list.size() == users);

            assertThat(receiver.received(path)).hasSize(users)
                    .extracting(call -> call.header("webhook-id")).doesNotHaveDuplicates();
        }
    }

    /** Creates a URL hook calling {@code path} on the receiver; answers the creation's body (with its signing secret). */
    static JsonNode urlHook(AuthFixture tenant, String type, String name, String path, String headersJson, Boolean async) {
        ObjectNode hook = TestRuntime.JSON.createObjectNode().put("kind", "url").put("type", type).put("name", name)
                .put("url", receiver.url(path));
        if (headersJson != null) {
            try {
                hook.set("headers", TestRuntime.JSON.readTree(headersJson));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (async != null) {
            hook.put("async", async);
        }
        ApiClient.Response created = tenant.api.post("/api/hooks", hook.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body();
    }

    private static JsonNode patch(AuthFixture tenant, String hookId, String fieldsJson) {
        long version = tenant.api.get("/api/hooks/" + hookId).body().path("version").asLong();
        ApiClient.Response patched = tenant.api.patch("/api/hooks/" + hookId,
                fieldsJson.substring(0, fieldsJson.length() - 1) + ", \"version\": " + version + "}");
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        return patched.body();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
