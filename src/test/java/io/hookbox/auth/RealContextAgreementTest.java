package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The other half of the shape agreement (the generator's half is in the test-run tests): the data the auth core
 * really passes to each hook type validates against that type's schema, so test contexts and real ones cannot drift.
 */
class RealContextAgreementTest {

    private static final String RECORDER = """
            function handle(data, callback) {
              for (const key of Object.keys(data)) console.log(key + ' ' + JSON.stringify(data[key]));
              callback(null, data);
            }""";

    private final TestServer server = TestServer.shared();

    @Test
    void every_type_receives_data_of_its_schema_in_real_flows() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        for (HookType type : HookTypes.all()) {
            tenant.hook(type.id(), "record " + type.id(), RECORDER);
        }
        String userId = tenant.signedUp("rae@example.com", "tulip-orbit-canyon").path("id").asText();
        assertThat(tenant.login("rae@example.com", "tulip-orbit-canyon").status()).isEqualTo(200);
        assertThat(tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "scope", "read:orders")).status()).isEqualTo(200);
        assertThat(tenant.api.patch("/api/users/" + userId, "{\"name\": \"Rae\", \"blocked\": false}").status()).isEqualTo(200);
        assertThat(tenant.api.delete("/api/users/" + userId).status()).isEqualTo(204);

        for (HookType type : HookTypes.all()) {
            JsonNode executions = await().atMost(Duration.ofSeconds(30))
                    .until(() -> tenant.executions("?type=" + type.id()), list -> list.size() == 1);
            ObjectNode data = TestRuntime.JSON.createObjectNode();
            for (JsonNode line : executions.get(0).path("console")) {
                String message = line.path("message").asText();
                int space = message.indexOf(' ');
                data.set(message.substring(0, space), TestRuntime.JSON.readTree(message.substring(space + 1)));
            }
            assertThat(type.validate(data)).as(type.id() + ": " + data).isEmpty();
            assertThat(data.toString()).as(type.id()).doesNotContain("tulip-orbit-canyon").doesNotContain(tenant.clientSecret);
        }
    }
}
