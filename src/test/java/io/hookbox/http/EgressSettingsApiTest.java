package io.hookbox.http;

import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET/PUT /api/settings/egress}: a tenant narrows where its hooks' requests may go. */
class EgressSettingsApiTest {

    @Test
    void aTenantSetsReadsAndClearsItsAllowList() {
        TestServer.Tenant tenant = TestServer.shared().newTenant();
        ApiClient client = tenant.client();
        assertThat(client.get("/api/settings/egress").body()).isEqualTo(json("{\"allowHosts\":[]}"));

        ApiClient.Response put = client.put("/api/settings/egress", "{\"allowHosts\": [\"api.crm.test\", \"*.chat.test:443\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(client.get("/api/settings/egress").body())
                .isEqualTo(json("{\"allowHosts\":[\"api.crm.test\",\"*.chat.test:443\"]}"));
        assertThat(TestServer.shared().newTenant().client().get("/api/settings/egress").body())
                .as("another tenant's list is its own").isEqualTo(json("{\"allowHosts\":[]}"));

        assertThat(client.put("/api/settings/egress", "{\"allowHosts\": []}").body()).isEqualTo(json("{\"allowHosts\":[]}"));
        assertThat(client.get("/api/audit").body().findValuesAsText("summary")).as("the audit trail, newest first")
                .startsWith("removed the egress allow-list", "set the egress allow-list to 2 host(s)");
    }

    @Test
    void aBadEntryIsRefusedWithItsPosition() {
        ApiClient client = TestServer.shared().newTenant().client();
        ApiClient.Response refused = client.put("/api/settings/egress", "{\"allowHosts\": [\"ok.test\", \"not a host\"]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_request");
        assertThat(refused.body().path("details").path("field").asText()).isEqualTo("allowHosts[1]");
        assertThat(client.get("/api/settings/egress").body()).isEqualTo(json("{\"allowHosts\":[]}"));
    }
}
