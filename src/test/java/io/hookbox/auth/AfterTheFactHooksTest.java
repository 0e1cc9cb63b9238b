package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Backend;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After-the-fact hooks (post-register, post-user-delete) go through the outbox: written with the change that caused
 * them, delivered by a node's dispatcher, retried, dead after the test policy's 3 attempts, retried from the API.
 */
class AfterTheFactHooksTest {

    private static final String PASSWORD = "tulip-orbit-canyon";
    private static final String WELCOME = "function handle(d, cb) { console.log('welcome', d.user.email); cb(null, d); }";
    private static final String CRM_DOWN = "function handle(d, cb) { cb(new Error('crm is down')); }";

    @Test
    void a_sign_up_is_delivered_to_its_post_register_hook_which_is_logged_under_the_same_flow() {
        AuthFixture tenant = new AuthFixture(TestServer.shared());
        String hookId = tenant.hook("post-register", "welcome", WELCOME);

        assertThat(tenant.signUp("ann@example.com", PASSWORD, "").status()).isEqualTo(201);

        JsonNode delivery = awaitDelivery(tenant, hookId, "delivered");
        assertThat(delivery.path("id").asText()).startsWith("dlv_");
        assertThat(delivery.path("type").asText()).isEqualTo("post-register");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.has("nextAttemptAt")).isFalse();
        assertThat(delivery.has("deliveredAt")).isTrue();
        JsonNode execution = tenant.executions("?hookId=" + hookId).get(0);
        assertThat(execution.path("flowId").asText()).isEqualTo(delivery.path("flowId").asText());
        assertThat(execution.path("console").get(0).path("message").asText()).isEqualTo("welcome ann@example.com");
        ApiClient.Response one = tenant.api.get("/api/deliveries/" + delivery.path("id").asText());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("status").asText()).isEqualTo("delivered");
    }

    @Test
    void a_failing_hook_is_tried_until_dead_then_once_fixed_a_retry_from_the_api_delivers_it() {
        AuthFixture tenant = new AuthFixture(TestServer.shared());
        String hookId = tenant.hook("post-register", "crm sync", CRM_DOWN);
        tenant.signedUp("bo@example.com", PASSWORD);

        JsonNode dead = awaitDelivery(tenant, hookId, "dead");

        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("lastError").asText()).isEqualTo("HOOK_ERROR: crm is down");
        assertThat(dead.has("nextAttemptAt")).isFalse();
        JsonNode executions = tenant.executions("?hookId=" + hookId);
        assertThat(executions).hasSize(3);
        List<String> startedAt = new ArrayList<>();
        executions.forEach(execution -> startedAt.add(execution.path("startedAt").asText()));
        assertThat(startedAt).doesNotHaveDuplicates();

        long version = tenant.api.get("/api/hooks/" + hookId).body().path("version").asLong();
        assertThat(tenant.api.patch("/api/hooks/" + hookId, "{\"content\": \"" + WELCOME.replace("'", "\\u0027") + "\", \"version\": "
                + version + "}").status()).isEqualTo(200);
        ApiClient.Response retried = tenant.api.post("/api/deliveries/" + dead.path("id").asText() + "/retry", "");

        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(202);
        assertThat(retried.body().path("id").asText()).isEqualTo(dead.path("id").asText());
        JsonNode delivered = awaitDelivery(tenant, hookId, "delivered");
        assertThat(delivered.path("attempts").asInt()).isEqualTo(4);
        assertThat(delivered.has("lastError")).isFalse();
    }

    @Test
    void a_sign_up_denied_by_a_pre_register_hook_or_refused_as_taken_writes_nothing_to_the_outbox() {
        AuthFixture tenant = new AuthFixture(TestServer.shared());
        tenant.hook("post-register", "welcome", WELCOME);
        tenant.signedUp("cy@example.com", PASSWORD);
        awaitDeliveries(tenant, "", 1);
        tenant.hook("pre-register", "no example.org", """
                function handle(d, cb) {
                  if (d.user.email.endsWith('@example.org')) { return cb(new Error('not from example.org')); }
                  cb(null, d);
                }""");

        assertThat(tenant.signUp("dee@example.org", PASSWORD, "").status()).isEqualTo(400);
        assertThat(tenant.signUp("cy@example.com", PASSWORD, "").status()).isEqualTo(409);

        assertThat(deliveries(tenant, "")).hasSize(1);
        assertThat(tenant.api.get("/api/users").body()).hasSize(1);
    }

    @Test
    void a_deleted_user_is_delivered_to_the_post_user_delete_hooks() {
        AuthFixture tenant = new AuthFixture(TestServer.shared());
        String userId = tenant.signedUp("eve@example.com", PASSWORD).path("id").asText();
        String hookId = tenant.hook("post-user-delete", "goodbye", "function handle(d, cb) { console.log('gone', d.user.id); cb(null, d); }");

        assertThat(tenant.api.delete("/api/users/" + userId).status()).isEqualTo(204);

        awaitDelivery(tenant, hookId, "delivered");
        assertThat(tenant.executions("?hookId=" + hookId).get(0).path("console").get(0).path("message").asText())
                .isEqualTo("gone " + userId);
        assertThat(tenant.api.delete("/api/users/" + userId).status()).as("no user: nothing to deliver").isEqualTo(404);
        assertThat(deliveries(tenant, "?hookId=" + hookId)).hasSize(1);
    }

    @Test
    void deliveries_are_the_tenants_own_and_bad_queries_are_refused_by_name() {
        AuthFixture tenant = new AuthFixture(TestServer.shared());
        String hookId = tenant.hook("post-register", "welcome", WELCOME);
        tenant.signedUp("fay@example.com", PASSWORD);
        String id = awaitDelivery(tenant, hookId, "delivered").path("id").asText();
        AuthFixture other = new AuthFixture(TestServer.shared());

        assertThat(other.api.get("/api/deliveries").body()).isEmpty();
        assertThat(other.api.get("/api/deliveries/" + id).status()).isEqualTo(404);
        ApiClient.Response foreignRetry = other.api.post("/api/deliveries/" + id + "/retry", "");
        assertThat(foreignRetry.status()).isEqualTo(404);
        assertThat(foreignRetry.body().path("error").asText()).isEqualTo("not_found");
        ApiClient.Response badStatus = tenant.api.get("/api/deliveries?status=lost");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().path("message").asText()).contains("pending, failed, delivered, dead");
        assertThat(tenant.api.get("/api/deliveries?limit=0").status()).isEqualTo(400);
        assertThat(tenant.anonymous.get("/api/deliveries").status()).isEqualTo(401);
        assertThat(deliveries(tenant, "?status=delivered&limit=1")).hasSize(1);
        assertThat(deliveries(tenant, "?status=dead")).isEmpty();
    }

    @Test
    void two_servers_on_one_database_deliver_each_entry_once(@TempDir Path dataDir) {
        String database = Backend.H2.jdbcUrl(dataDir);
        try (TestServer nodeA = TestServer.onDatabase(database, TestServer.THROTTLING);
             TestServer nodeB = TestServer.onDatabase(database, TestServer.THROTTLING)) {
            AuthFixture tenant = new AuthFixture(nodeA);
            String first = tenant.hook("post-register", "welcome", WELCOME);
            String second = tenant.hook("post-register", "crm sync", "function handle(d, cb) { cb(null, d); }");
            ApiClient onB = nodeB.anonymous();
            int users = 6;
            signUpOnEachNodeInTurn(tenant, onB, users);

            awaitDeliveries(tenant, "?status=delivered", 2 * users);

            assertThat(deliveries(tenant, "?limit=500")).allSatisfy(delivery -> assertThat(delivery.path("attempts").asInt()).isEqualTo(1));
            for (String hookId : List.of(first, second)) {
                assertThat(tenant.executions("?hookId=" + hookId + "&limit=500")).hasSize(users);
            }
        }
    }

    static JsonNode awaitDelivery(AuthFixture tenant, String hookId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(tenant, "?hookId=" + hookId + "&status=" + status),
                list -> !list.isEmpty()).get(0);
    }

    private static void awaitDeliveries(AuthFixture tenant, String query, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(tenant, query + (query.isEmpty() ? "?" : "&") + "limit=500"),
                list -> list.size() >= count);
    }

    static JsonNode deliveries(AuthFixture tenant, String query) {
        ApiClient.Response response = tenant.api.get("/api/deliveries" + query);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    /** Signs {@code users} new users up, the even ones on the tenant's own node and the odd ones on {@code otherNode}. */
    static void signUpOnEachNodeInTurn(AuthFixture tenant, ApiClient otherNode, int users) {
        for (int i = 0; i < users; i++) {
            ApiClient node = i % 2 == 0 ? tenant.anonymous : otherNode;
            ApiClient.Response signUp = node.post(tenant.base() + "/signup", "{\"client_id\": \"" + tenant.clientId
                    + "\", \"email\": \"user" + i + "@example.com\", \"password\": \"" + PASSWORD + "\"}");
            assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(201);
        }
    }
}
