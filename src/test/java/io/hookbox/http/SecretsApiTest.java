package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.support.StoredHooks;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class SecretsApiTest {

    private static final String VALUE = "sk_live_never-shown-again-4f2a";

    @Parameter
    Backend backend;
    private TestServer server;
    private ApiClient client;
    private String hookId;

    @BeforeEach
    void newTenantWithAHook() {
        server = TestServer.shared(backend);
        TestServer.Tenant tenant = server.newTenant();
        client = tenant.client();
        hookId = StoredHooks.insert(server.jdbi(), tenant.id(), UUID.randomUUID().toString(), "post-login");
    }

    @Test
    void aSecretIsSetListedReplacedAndDeletedAndItsValueNeverComesBack() {
        ApiClient.Response set = client.put(secret("CRM_TOKEN"), "{\"value\": \"" + VALUE + "\"}");
        client.put(secret("OTHER"), "{\"value\": \"x\"}");
        ApiClient.Response replaced = client.put(secret("CRM_TOKEN"), "{\"value\": \"" + VALUE + "-2\"}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().path("name").asText()).isEqualTo("CRM_TOKEN");
        assertThat(set.body().has("updatedAt")).isTrue();
        assertThat(replaced.body().toString()).doesNotContain(VALUE);
        ApiClient.Response listed = client.get("/api/hooks/" + hookId + "/secrets");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).extracting(node -> node.path("name").asText()).containsExactly("CRM_TOKEN", "OTHER");
        assertThat(listed.body().get(0).properties()).extracting(Map.Entry::getKey).containsExactly("name", "updatedAt");
        for (String path : new String[] {"/api/hooks/" + hookId + "/secrets", "/api/hooks/" + hookId, "/api/hooks", "/api/audit"}) {
            assertThat(client.get(path).body().toString()).as(path).doesNotContain(VALUE);
        }
        JsonNode audit = client.get("/api/audit").body();
        assertThat(audit.toString()).contains("hook.secret_set").contains("replaced the secret CRM_TOKEN of the post-login hook '" + hookId + "'");

        assertThat(client.delete(secret("CRM_TOKEN")).status()).isEqualTo(204);
        assertThat(client.delete(secret("CRM_TOKEN")).error()).isEqualTo("secret_not_found");
        assertThat(client.get("/api/hooks/" + hookId + "/secrets").body()).extracting(node -> node.path("name").asText()).containsExactly("OTHER");
        assertThat(client.get("/api/audit").body().toString()).contains("deleted the secret CRM_TOKEN");
    }

    @Test
    void aBadNameOrValueIsA400SayingWhich() {
        ApiClient.Response badName = client.put(secret("1_STARTS_WITH_A_DIGIT"), "{\"value\": \"v\"}");
        ApiClient.Response tooLong = client.put(secret("BIG"), "{\"value\": \"" + "x".repeat(4097) + "\"}");
        ApiClient.Response noValue = client.put(secret("NONE"), "{}");

        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.error()).isEqualTo("invalid_secret_name");
        assertThat(badName.body().path("details").path("field").asText()).isEqualTo("name");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.error()).isEqualTo("invalid_secret_value");
        assertThat(tooLong.body().path("details").path("field").asText()).isEqualTo("value");
        assertThat(noValue.error()).isEqualTo("invalid_secret_value");
        assertThat(client.put(secret("with-dash"), "{\"value\": \"v\"}").error()).isEqualTo("invalid_secret_name");
        assertThat(client.put(secret("EXTRA"), "{\"value\": \"v\", \"other\": 1}").status()).isEqualTo(400);
    }

    @Test
    void anotherTenantsHookIsNotFoundAndDeletingTheHookDeletesItsSecrets() {
        client.put(secret("TOKEN"), "{\"value\": \"" + VALUE + "\"}");
        ApiClient intruder = server.newTenant().client();

        assertThat(intruder.get("/api/hooks/" + hookId + "/secrets").status()).isEqualTo(404);
        assertThat(intruder.put(secret("TOKEN"), "{\"value\": \"mine now\"}").status()).isEqualTo(404);
        assertThat(intruder.delete(secret("TOKEN")).status()).isEqualTo(404);
        assertThat(client.get("/api/hooks/" + hookId + "/secrets").body()).hasSize(1);

        assertThat(client.delete("/api/hooks/" + hookId).status()).isEqualTo(204);
        int left = server.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM hook_secrets WHERE hook_id = :id")
                .bind("id", hookId).mapTo(Integer.class).one());
        assertThat(left).isZero();
        assertThat(client.get("/api/hooks/" + hookId + "/secrets").status()).isEqualTo(404);
    }

    private String secret(String name) {
        return "/api/hooks/" + hookId + "/secrets/" + name;
    }
}
