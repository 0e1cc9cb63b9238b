package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The other half of the shape agreement (the generator's half is in the test-run tests): the data the auth core
 * really passes to each hook type validates against that type's schema, so test contexts and real ones cannot drift.
 */
class RealContextAgreementTest {

    private static final String RECORDER = """
            function handle(data, callback) {
              console.log(JSON.stringify(data.user));
              console.log(JSON.stringify(data.context));
              callback(null, data);
            }""";

    private final TestServer server = TestServer.shared();

    @Test
    void every_type_receives_data_of_its_schema_in_real_flows() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        for (HookType type : HookTypes.all()) {
            tenant.hook(type.id(), "record " + type.id(), RECORDER);
        }
        tenant.signedUp("rae@example.com", "tulip-orbit-canyon");
        assertThat(tenant.login("rae@example.com", "tulip-orbit-canyon").status()).isEqualTo(200);

        for (HookType type : HookTypes.all()) {
            JsonNode executions = await().atMost(Duration.ofSeconds(30))
                    .until(() -> tenant.executions("?type=" + type.id()), list -> list.size() == 1);
            JsonNode console = executions.get(0).path("console");
            ObjectNode data = TestRuntime.JSON.createObjectNode();
            data.set("user", TestRuntime.JSON.readTree(console.get(0).path("message").asText()));
            data.set("context", TestRuntime.JSON.readTree(console.get(1).path("message").asText()));
            assertThat(type.validate(data)).as(type.id() + ": " + data).isEmpty();
            assertThat(data.toString()).as(type.id()).doesNotContain("tulip-orbit-canyon").doesNotContain(tenant.clientSecret);
        }
    }
}
