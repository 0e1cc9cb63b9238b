package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hook's secrets in use: the hook reads them as {@code secrets.NAME}; their values never leave a run (console, error,
 * result, request URLs, stored executions), never reach the next hook, and are never part of a test run's input.
 */
class SecretsInHooksTest {

    private static final String TOKEN = "tok-7f3a9c2e51";
    private static final String LEAKY = """
            async function handle(data) {
              console.log('calling the CRM with ' + secrets.CRM_TOKEN);
              await fetch('http://10.9.9.9/sync?key=' + secrets.CRM_TOKEN).catch(() => null);
              data.user.app_metadata.copied = secrets.CRM_TOKEN;
              data.user.app_metadata.length = secrets.CRM_TOKEN.length;
              return data;
            }""";

    private final TestServer server = TestServer.shared();

    @Test
    void aStoredHooksSecretIsReadInTheHookAndRedactedFromEverythingItGivesBack() {
        AuthFixture tenant = new AuthFixture(server);
        String hookId = tenant.hook("post-login", "crm", LEAKY);
        assertThat(tenant.api.put("/api/hooks/" + hookId + "/secrets/CRM_TOKEN", "{\"value\": \"" + TOKEN + "\"}").status())
                .isEqualTo(200);

        ApiClient.Response run = tenant.api.post("/api/hooks/" + hookId + "/run", "{}");

        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        assertThat(run.body().toString()).doesNotContain(TOKEN);
        JsonNode metadata = run.body().path("result").path("user").path("app_metadata");
        assertThat(metadata.path("length").asInt()).as("the hook read the real value").isEqualTo(TOKEN.length());
        assertThat(metadata.path("copied").asText()).isEqualTo("[secret CRM_TOKEN]");
        assertThat(run.body().path("console").get(0).path("message").asText())
                .isEqualTo("calling the CRM with [secret CRM_TOKEN]");
        assertThat(run.body().path("requests").get(0).path("url").asText())
                .isEqualTo("http://10.9.9.9/sync?key=[secret CRM_TOKEN]");
    }

    @Test
    void aFlowsExecutionRecordAndTheNextHookNeverSeeTheValue() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("ana@example.com", "tulip-orbit-canyon");
        String leaky = tenant.hook("post-login", "crm", LEAKY);
        String next = tenant.hook("post-login", "next", """
                function handle(data, cb) { console.log('received ' + data.user.app_metadata.copied); cb(null, data); }""");
        String failing = tenant.hook("post-login", "fails", """
                function handle(data) { throw new Error('the CRM refused ' + secrets.CRM_TOKEN); }""", "continue");
        tenant.api.put("/api/hooks/" + leaky + "/secrets/CRM_TOKEN", "{\"value\": \"" + TOKEN + "\"}");
        tenant.api.put("/api/hooks/" + failing + "/secrets/CRM_TOKEN", "{\"value\": \"" + TOKEN + "\"}");

        assertThat(tenant.login("ana@example.com", "tulip-orbit-canyon").status()).isEqualTo(200);

        JsonNode executions = await().atMost(Duration.ofSeconds(30))
                .until(() -> tenant.executions(""), list -> list.size() == 3);
        assertThat(executions.toString()).doesNotContain(TOKEN);
        assertThat(executionOf(executions, next).path("console").get(0).path("message").asText())
                .isEqualTo("received [secret CRM_TOKEN]");
        assertThat(executionOf(executions, failing).path("errorMessage").asText()).isEqualTo("the CRM refused [secret CRM_TOKEN]");
        assertThat(executionOf(executions, leaky).path("requests").get(0).path("url").asText())
                .isEqualTo("http://10.9.9.9/sync?key=[secret CRM_TOKEN]");
    }

    @Test
    void auth0ActionsReadThemAsEventSecretsAndRulesAsConfiguration() {
        AuthFixture tenant = new AuthFixture(server);
        String action = tenant.hook("post-login", "action", """
                exports.onExecutePostLogin = async (event, api) => {
                  api.user.setAppMetadata('length', event.secrets.CRM_TOKEN.length);
                  api.user.setAppMetadata('frozen', Object.isFrozen(event.secrets));
                };""");
        String rule = tenant.hook("post-login", "rule", """
                function (user, context, callback) {
                  user.app_metadata.length = configuration.CRM_TOKEN.length;
                  callback(null, user, context);
                }""");
        for (String hookId : new String[] {action, rule}) {
            tenant.api.put("/api/hooks/" + hookId + "/secrets/CRM_TOKEN", "{\"value\": \"" + TOKEN + "\"}");
            ApiClient.Response run = tenant.api.post("/api/hooks/" + hookId + "/run", "{}");
            assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
            assertThat(run.body().path("result").path("user").path("app_metadata").path("length").asInt())
                    .isEqualTo(TOKEN.length());
        }
    }

    @Test
    void unsavedCodeTakesTestValuesThatAreCheckedAndNeverStored() {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient.Response run = tenant.api.post("/api/run", """
                {"type": "post-login", "content": "function handle(d, cb) { d.user.app_metadata.names = Object.keys(secrets); d.user.app_metadata.n = secrets.API_KEY.length; cb(null, d); }",
                 "secrets": {"API_KEY": "k-123456"}}""");

        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        JsonNode metadata = run.body().path("result").path("user").path("app_metadata");
        assertThat(metadata.path("n").asInt()).isEqualTo(8);
        assertThat(metadata.path("names").toString()).isEqualTo("[\"API_KEY\"]");
        assertThat(run.body().path("input").toString()).doesNotContain("k-123456");

        ApiClient.Response badName = tenant.api.post("/api/run",
                "{\"type\": \"post-login\", \"content\": \"function handle(d, cb) { cb(null, d); }\", \"secrets\": {\"1bad\": \"x\"}}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.error()).isEqualTo("invalid_secret_name");
    }

    private static JsonNode executionOf(JsonNode executions, String hookId) {
        for (JsonNode execution : executions) {
            if (execution.path("hookId").asText().equals(hookId)) {
                return execution;
            }
        }
        throw new AssertionError("no execution of " + hookId + " in " + executions);
    }
}
