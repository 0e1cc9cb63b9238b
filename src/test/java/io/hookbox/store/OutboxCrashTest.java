package io.hookbox.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.ServerProcess;
import io.hookbox.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real server killed with SIGKILL between a sign-up and the delivery of its post-register hook (its outbox
 * dispatcher is off, so the kill always comes first): the restarted server delivers it, exactly once; a URL hook's
 * receiver gets it once, under the delivery's id.
 */
class OutboxCrashTest {

    private static final String API_KEY = "hbk_outbox-crash-test-key";

    @TempDir
    Path dir;

    @Test
    void a_sign_up_acknowledged_before_a_kill_is_delivered_exactly_once_after_the_restart() throws Exception {
        String hookId;
        String deliveryId;
        try (ServerProcess server = ServerProcess.start(environment("{\"concurrency\": 0}"), dir.resolve("server.log"))) {
            ApiClient api = server.client().withHeader("Authorization", "Bearer " + API_KEY);
            ApiClient.Response app = api.post("/api/applications", "{\"name\": \"Web\", \"grantTypes\": [\"password\"]}");
            assertThat(app.status()).as(app.body().toString()).isEqualTo(201);
            ApiClient.Response hook = api.post("/api/hooks", "{\"type\": \"post-register\", \"name\": \"crm sync\", \"content\":"
                    + " \"function handle(d, cb) { console.log('synced', d.user.email); cb(null, d); }\"}");
            assertThat(hook.status()).as(hook.body().toString()).isEqualTo(201);
            hookId = hook.body().path("id").asText();
            ApiClient.Response signUp = server.client().post("/t/default/signup", "{\"client_id\": \""
                    + app.body().path("clientId").asText() + "\", \"email\": \"ann@example.com\", \"password\": \"tulip-orbit-canyon\"}");
            assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(201);
            JsonNode pending = api.get("/api/deliveries?hookId=" + hookId).body();
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).path("status").asText()).isEqualTo("pending");
            deliveryId = pending.get(0).path("id").asText();

            server.kill();
        }

        try (ServerProcess restarted = ServerProcess.start(environment("{\"concurrency\": 2}"), dir.resolve("restarted.log"))) {
            ApiClient api = restarted.client().withHeader("Authorization", "Bearer " + API_KEY);

            JsonNode delivered = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/deliveries/" + deliveryId).body(),
                    delivery -> delivery.path("status").asText().equals("delivered"));

            assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
            Thread.sleep(1_000);
            JsonNode executions = api.get("/api/executions?hookId=" + hookId).body();
            assertThat(executions).as(restarted.log()).hasSize(1);
            assertThat(executions.get(0).path("console").get(0).path("message").asText()).isEqualTo("synced ann@example.com");
        }
    }

    @Test
    void a_url_hook_delivery_acknowledged_before_a_kill_reaches_its_receiver_exactly_once_after_the_restart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String path = receiver.endpoint(WebhookReceiver.answering(204, ""));
            String egress = "{\"allowHosts\": [\"" + receiver.hostPort() + "\"]}";
            String deliveryId;
            try (ServerProcess server = ServerProcess.start(environment("{\"concurrency\": 0}", egress), dir.resolve("server.log"))) {
                ApiClient api = server.client().withHeader("Authorization", "Bearer " + API_KEY);
                ApiClient.Response app = api.post("/api/applications", "{\"name\": \"Web\", \"grantTypes\": [\"password\"]}");
                assertThat(app.status()).as(app.body().toString()).isEqualTo(201);
                ApiClient.Response hook = api.post("/api/hooks", "{\"kind\": \"url\", \"type\": \"post-register\", \"name\": \"crm\","
                        + " \"url\": \"" + receiver.url(path) + "\"}");
                assertThat(hook.status()).as(hook.body().toString()).isEqualTo(201);
                ApiClient.Response signUp = server.client().post("/t/default/signup", "{\"client_id\": \""
                        + app.body().path("clientId").asText() + "\", \"email\": \"bo@example.com\", \"password\": \"tulip-orbit-canyon\"}");
                assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(201);
                deliveryId = api.get("/api/deliveries?hookId=" + hook.body().path("id").asText()).body().get(0).path("id").asText();

                server.kill();
            }
            assertThat(receiver.received(path)).isEmpty();

            try (ServerProcess restarted = ServerProcess.start(environment("{\"concurrency\": 2}", egress), dir.resolve("restarted.log"))) {
                ApiClient api = restarted.client().withHeader("Authorization", "Bearer " + API_KEY);

                JsonNode delivered = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/deliveries/" + deliveryId).body(),
                        delivery -> delivery.path("status").asText().equals("delivered"));

                assertThat(delivered.path("lastStatusCode").asInt()).isEqualTo(204);
                Thread.sleep(1_000);
                assertThat(receiver.received(path)).as(restarted.log()).hasSize(1)
                        .allSatisfy(call -> assertThat(call.header("webhook-id")).isEqualTo(deliveryId));
            }
        }
    }

    private Map<String, String> environment(String outbox) throws Exception {
        return environment(outbox, "{}");
    }

    private Map<String, String> environment(String outbox, String egress) throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"workers\": {\"count\": 1, \"threads\": 2, \"heapMb\": 256, \"spares\": 0, \"warmupRuns\": 0},"
                + " \"outbox\": " + outbox + ", \"egress\": " + egress + "}");
        return Map.of(
                "HOOKBOX_DATA_DIR", dir.resolve("data").toString(),
                "HOOKBOX_API_KEY", API_KEY,
                "HOOKBOX_POLICY", policy.toString());
    }
}
