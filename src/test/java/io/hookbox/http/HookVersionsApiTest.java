package io.hookbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drafts, deploys, version history, rollback and the audit trail, over HTTP. */
class HookVersionsApiTest {

    static final String V1 = "function handle(data, cb) { data.user.app_metadata.v = 1; cb(null, data); }";
    static final String V2 = "function handle(data, cb) { data.user.app_metadata.v = 2; cb(null, data); }";

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private TestServer.Tenant tenant;
    private ApiClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newTenant() {
        tenant = server.newTenant();
        client = tenant.client();
    }

    @Test
    void aDraftChangesNothingFlowsRunUntilItIsDeployed() {
        JsonNode hook = create("{\"name\": \"tag\", \"type\": \"post-login\", \"content\": " + text(V1) + "}");
        assertThat(hook.path("deployedVersion").asInt()).isEqualTo(1);
        assertThat(hook.path("draftChanged").asBoolean()).isFalse();

        JsonNode draft = client.patch(path(hook), "{\"content\": " + text(V2) + ", \"version\": 1, \"draft\": true}").body();
        assertThat(draft.path("version").asLong()).isEqualTo(2);
        assertThat(draft.path("deployedVersion").asInt()).isEqualTo(1);
        assertThat(draft.path("draftChanged").asBoolean()).isTrue();
        assertThat(flowSources()).containsExactly(V1);
        assertThat(ranVersion(null)).isEqualTo(2);
        assertThat(ranVersion("deployed")).isEqualTo(1);

        ApiClient.Response deployed = client.post(path(hook) + "/deploy", "{\"note\": \"tag v2\"}");
        assertThat(deployed.status()).as(deployed.body().toString()).isEqualTo(200);
        assertThat(deployed.body().path("deployedVersion").asInt()).isEqualTo(2);
        assertThat(deployed.body().path("draftChanged").asBoolean()).isFalse();
        assertThat(deployed.body().path("version").asLong()).isEqualTo(3);
        assertThat(flowSources()).containsExactly(V2);
        assertThat(ranVersion("deployed")).isEqualTo(2);
    }

    @Test
    void historyIsAppendOnlyAndARollbackDeploysAnOldSourceAsANewVersion() {
        JsonNode hook = create("{\"name\": \"tag\", \"type\": \"post-login\", \"content\": " + text(V1) + "}");
        client.patch(path(hook), "{\"content\": " + text(V2) + ", \"version\": 1}");

        JsonNode versions = client.get(path(hook) + "/versions").body();
        assertThat(numbers(versions)).containsExactly(2, 1);
        assertThat(versions.get(0).has("source")).isFalse();
        assertThat(versions.get(0).path("deployedBy").asText()).isEqualTo(keyId());
        assertThat(versions.get(0).path("sourceDigest").asText()).hasSize(64).isNotEqualTo(versions.get(1).path("sourceDigest").asText());
        assertThat(client.get(path(hook) + "/versions/1").body().path("source").asText()).isEqualTo(V1);
        assertThat(client.get(path(hook) + "/versions/9").status()).isEqualTo(404);
        assertThat(client.get(path(hook) + "/versions/x").status()).isEqualTo(404);

        ApiClient.Response rolledBack = client.post(path(hook) + "/versions/1/deploy", "");
        assertThat(rolledBack.status()).as(rolledBack.body().toString()).isEqualTo(200);
        assertThat(rolledBack.body().path("deployedVersion").asInt()).isEqualTo(3);
        assertThat(rolledBack.body().path("content").asText()).isEqualTo(V1);
        assertThat(rolledBack.body().path("draftChanged").asBoolean()).isFalse();
        assertThat(flowSources()).containsExactly(V1);
        JsonNode third = client.get(path(hook) + "/versions/3").body();
        assertThat(third.path("source").asText()).isEqualTo(V1);
        assertThat(third.path("note").asText()).isEqualTo("rollback to version 1");
        assertThat(numbers(client.get(path(hook) + "/versions").body())).containsExactly(3, 2, 1);
    }

    @Test
    void aHookCreatedAsADraftIsSkippedByFlowsUntilItsFirstDeploy() {
        JsonNode hook = create("{\"name\": \"later\", \"type\": \"post-login\", \"draft\": true, \"content\": " + text(V1) + "}");
        assertThat(hook.path("deployedVersion").isNull()).isTrue();
        assertThat(hook.path("draftChanged").asBoolean()).isTrue();
        assertThat(flowSources()).isEmpty();
        assertThat(client.get(path(hook) + "/versions").body()).isEmpty();

        assertThat(client.post(path(hook) + "/deploy", "{\"version\": 7}").error()).isEqualTo("version_conflict");
        assertThat(client.post(path(hook) + "/deploy", "{\"note\": 3, \"versio\": 1}").status()).isEqualTo(400);
        client.post(path(hook) + "/deploy", "{\"version\": 1}");
        assertThat(flowSources()).containsExactly(V1);
    }

    @Test
    void theAuditTrailSaysWhoChangedWhatNewestFirst() {
        JsonNode hook = create("{\"name\": \"tag\", \"type\": \"post-login\", \"content\": " + text(V1) + "}");
        client.patch(path(hook), "{\"content\": " + text(V2) + ", \"version\": 1, \"draft\": true}");
        client.post(path(hook) + "/deploy", "");
        client.put("/api/hooks/order", "{\"type\": \"post-login\", \"ids\": [\"" + hook.path("id").asText() + "\"]}");

        ApiClient.Response audit = client.get("/api/audit");
        assertThat(audit.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        audit.body().forEach(event -> actions.add(event.path("action").asText()));
        assertThat(actions).containsExactly("hooks.reordered", "hook.deployed", "hook.changed", "hook.deployed", "hook.created");
        assertThat(audit.body().get(1).path("hookVersion").asInt()).isEqualTo(2);
        assertThat(audit.body().get(1).path("hookId").asText()).isEqualTo(hook.path("id").asText());
        assertThat(audit.body().get(2).path("summary").asText()).contains("content", "tag", "draft");
        audit.body().forEach(event -> assertThat(event.path("keyId").asText()).isEqualTo(keyId()));

        assertThat(client.get("/api/audit?limit=2").body()).hasSize(2);
        assertThat(client.get("/api/audit?before=2000-01-01T00:00:00Z").body()).isEmpty();
        assertThat(client.get("/api/audit?limit=0").status()).isEqualTo(400);
        assertThat(client.get("/api/audit?before=yesterday").status()).isEqualTo(400);
        assertThat(server.newTenant().client().get("/api/audit").body()).isEmpty();
    }

    @Test
    void applicationsAndKeysAreInTheAuditTrailToo() {
        String clientId = client.post("/api/applications", "{\"name\": \"SPA\", \"grantTypes\": [\"password\"]}").body()
                .path("clientId").asText();
        client.patch("/api/applications/" + clientId, "{\"name\": \"Web\", \"scopes\": [\"reports:read\"]}");
        client.patch("/api/applications/" + clientId, "{\"name\": \"Web\"}");
        client.delete("/api/applications/" + clientId);
        String issued = server.admin().post("/api/admin/tenants/" + tenant.id() + "/keys", "").body().path("id").asText();
        server.admin().delete("/api/admin/tenants/" + tenant.id() + "/keys/" + issued);
        String retired = server.admin().post("/api/admin/tenants/" + tenant.id() + "/signing-keys/rotate", "").body()
                .path("retiredKid").asText();

        JsonNode audit = client.get("/api/audit").body();
        List<String> actions = new ArrayList<>();
        audit.forEach(event -> actions.add(event.path("action").asText()));
        assertThat(actions).as("a change that changes nothing is not recorded").containsExactly("signing_key.rotated", "key.revoked",
                "key.issued", "application.deleted", "application.changed", "application.created");
        assertThat(audit.get(0).has("keyId")).as("the admin key has no id").isFalse();
        assertThat(audit.get(0).path("summary").asText()).contains(retired);
        assertThat(audit.get(1).path("summary").asText()).contains(issued);
        assertThat(audit.get(4).path("summary").asText()).contains("name, scopes", "'Web'", clientId);
        assertThat(audit.get(5).path("keyId").asText()).isEqualTo(keyId());
        assertThat(audit.get(5).path("summary").asText()).contains(clientId, "SPA");
    }

    private JsonNode create(String body) {
        ApiClient.Response response = client.post("/api/hooks", body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    private List<String> flowSources() {
        return server.hooks().hooksInOrder(tenant.id(), "post-login").stream().map(PipelineHook::content).toList();
    }

    /** The {@code v} the tenant's post-login pipeline sets in a test run using {@code use}. */
    private int ranVersion(String use) {
        ApiClient.Response run = client.post("/api/pipelines/post-login/run", use == null ? "{}" : "{\"use\": \"" + use + "\"}");
        assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
        return run.body().path("result").path("user").path("app_metadata").path("v").asInt();
    }

    private String keyId() {
        return server.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM api_keys WHERE tenant_id = :tenantId")
                .bind("tenantId", tenant.id()).mapTo(String.class).one());
    }

    private static List<Integer> numbers(JsonNode versions) {
        List<Integer> numbers = new ArrayList<>();
        versions.forEach(version -> numbers.add(version.path("number").asInt()));
        return numbers;
    }

    private static String path(JsonNode hook) {
        return "/api/hooks/" + hook.path("id").asText();
    }

    private static String text(String source) {
        return TestRuntime.JSON.getNodeFactory().textNode(source).toString();
    }
}
