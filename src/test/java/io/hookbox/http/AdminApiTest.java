package io.hookbox.http;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class AdminApiTest {

    static final String HOOK = "{\"name\": \"h\", \"type\": \"pre-login\", \"content\": \"function handle(d, cb) { cb(null, d); }\"}";

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static ApiClient admin;

    /** The database this invocation of the class runs on; its server is opened before each invocation. */
    @Parameter
    Backend backend;

    @BeforeParameterizedClassInvocation
    static void start(Backend backend) {
        server = TestServer.start(backend, dataDir);
        admin = server.admin();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void aNewTenantGetsAKeyShownOnceThatWorksAtOnce() {
        ApiClient.Response created = admin.post("/api/admin/tenants", "{\"id\": \"acme\", \"name\": \"Acme\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("id").asText()).isEqualTo("acme");
        assertThat(created.body().path("name").asText()).isEqualTo("Acme");
        String apiKey = created.body().path("apiKey").asText();
        assertThat(apiKey).startsWith("hbk_").hasSizeGreaterThan(40);
        assertThat(server.withKey(apiKey).post("/api/hooks", HOOK).status()).isEqualTo(201);
        JsonNode listed = tenant("acme");
        assertThat(listed.path("name").asText()).isEqualTo("Acme");
        assertThat(listed.path("keys")).hasSize(1);
        assertThat(listed.toString()).doesNotContain(apiKey);
    }

    @Test
    void theListHoldsEveryTenantWithItsKeyIds() {
        admin.post("/api/admin/tenants", "{\"id\": \"listed\", \"name\": \"Listed\"}");
        List<String> ids = new ArrayList<>();
        admin.get("/api/admin/tenants").body().forEach(tenant -> ids.add(tenant.path("id").asText()));
        assertThat(ids).contains("default", "listed");
    }

    @Test
    void tenantIdsAreSlugsAndUnique() {
        for (String id : List.of("Acme", "a b", "-acme", "acme-", "", "a".repeat(65))) {
            ApiClient.Response response = admin.post("/api/admin/tenants", "{\"id\": \"" + id + "\", \"name\": \"X\"}");
            assertThat(response.status()).as(id).isEqualTo(400);
            assertThat(response.body().path("details").path("field").asText()).isEqualTo("id");
        }
        assertThat(admin.post("/api/admin/tenants", "{\"id\": \"nameless\"}").body().path("details").path("field").asText())
                .isEqualTo("name");
        assertThat(admin.post("/api/admin/tenants", "{\"id\": \"twice\", \"name\": \"Twice\"}").status()).isEqualTo(201);
        ApiClient.Response again = admin.post("/api/admin/tenants", "{\"id\": \"twice\", \"name\": \"Twice\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("tenant_exists");
    }

    @Test
    void anotherKeyCanBeIssuedAndARevokedKeyIsRefusedAtOnce() {
        String firstKey = admin.post("/api/admin/tenants", "{\"id\": \"keys\", \"name\": \"Keys\"}").body().path("apiKey").asText();
        ApiClient.Response issued = admin.post("/api/admin/tenants/keys/keys", null);

        assertThat(issued.status()).isEqualTo(201);
        String secondKey = issued.body().path("apiKey").asText();
        String secondId = issued.body().path("id").asText();
        assertThat(secondKey).isNotEqualTo(firstKey);
        assertThat(server.withKey(secondKey).get("/api/hooks").status()).isEqualTo(200);
        assertThat(tenant("keys").path("keys")).hasSize(2);

        assertThat(admin.delete("/api/admin/tenants/keys/keys/" + secondId).status()).isEqualTo(204);

        assertThat(server.withKey(secondKey).get("/api/hooks").status()).isEqualTo(401);
        assertThat(server.withKey(firstKey).get("/api/hooks").status()).isEqualTo(200);
        assertThat(admin.delete("/api/admin/tenants/keys/keys/" + secondId).status()).isEqualTo(404);
        assertThat(admin.post("/api/admin/tenants/nobody/keys", null).status()).isEqualTo(404);
    }

    @Test
    void deletingATenantTakesItsKeysAndHooksWithIt() {
        String key = admin.post("/api/admin/tenants", "{\"id\": \"gone\", \"name\": \"Gone\"}").body().path("apiKey").asText();
        server.withKey(key).post("/api/hooks", HOOK);

        assertThat(admin.delete("/api/admin/tenants/gone").status()).isEqualTo(204);

        assertThat(server.withKey(key).get("/api/hooks").status()).isEqualTo(401);
        String newKey = admin.post("/api/admin/tenants", "{\"id\": \"gone\", \"name\": \"Gone again\"}").body().path("apiKey").asText();
        assertThat(server.withKey(newKey).get("/api/hooks").body()).isEmpty();
        assertThat(admin.delete("/api/admin/tenants/nobody").status()).isEqualTo(404);
    }

    @Test
    void aWrongAdminKeyIs401() {
        ApiClient.Response response = server.withKey("not-the-admin-key-at-all").get("/api/admin/tenants");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("unauthorized");
    }

    @Test
    void withoutAnAdminKeyTheAdminRoutesDoNotExist(@TempDir Path otherDir) {
        try (TestServer plain = TestServer.withoutAdminKey(otherDir)) {
            for (ApiClient client : List.of(plain.anonymous(), plain.client(), plain.withKey(TestServer.ADMIN_KEY))) {
                ApiClient.Response response = client.get("/api/admin/tenants");
                assertThat(response.status()).isEqualTo(404);
                assertThat(response.error()).isEqualTo("not_found");
                assertThat(client.post("/api/admin/tenants", "{\"id\": \"x\", \"name\": \"X\"}").status()).isEqualTo(404);
            }
        }
    }

    private static JsonNode tenant(String id) {
        for (JsonNode tenant : admin.get("/api/admin/tenants").body()) {
            if (tenant.path("id").asText().equals(id)) {
                return tenant;
            }
        }
        throw new AssertionError("no tenant " + id);
    }
}
