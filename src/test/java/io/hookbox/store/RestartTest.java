package io.hookbox.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.audit.AuditTrail;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.support.TestServer;
import io.hookbox.tenants.KeyOwner;
import io.hookbox.tenants.TenantService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void hooksTenantsAndKeysAreStillThereAfterARestart() {
        JsonNode hooksBefore;
        String acmeKey;
        try (TestServer server = TestServer.start(dataDir)) {
            acmeKey = server.admin().post("/api/admin/tenants", "{\"id\": \"acme\", \"name\": \"Acme\"}").body().path("apiKey").asText();
            for (String name : new String[] {"a", "b", "c"}) {
                server.client().post("/api/hooks", "{\"name\": \"" + name + "\", \"type\": \"pre-login\","
                        + " \"content\": \"function handle(d, cb) { cb(null, d); }\"}");
            }
            JsonNode c = server.client().get("/api/hooks").body().get(2);
            server.client().post("/api/hooks/" + c.path("id").asText() + "/move", "{\"position\": 0}");
            hooksBefore = server.client().get("/api/hooks").body();
        }

        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.client().get("/api/hooks").body()).isEqualTo(hooksBefore);
            assertThat(server.withKey(acmeKey).get("/api/hooks").status()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultTenantIsCreatedOnlyOnTheFirstStart() {
        try (Database database = Database.open(Database.h2FileUrl(dataDir))) {
            TenantService tenants = new TenantService(database.jdbi(), database.changes(),
                    new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), Clock.systemUTC());

            String generated = tenants.createDefaultTenant(Optional.empty()).orElseThrow().apiKey();

            assertThat(generated).startsWith("hbk_");
            assertThat(tenants.authenticate(generated).map(KeyOwner::tenantId)).contains(TenantService.DEFAULT_TENANT);
            assertThat(tenants.createDefaultTenant(Optional.of("hbk_another"))).isEmpty();
            assertThat(tenants.authenticate("hbk_another")).isEmpty();
        }
    }
}
