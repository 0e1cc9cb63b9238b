package io.hookbox.http;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Routes;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@BothDatabases
class AccessApiTest {

    private final TestServer server;

    AccessApiTest(Backend backend) {
        server = TestServer.shared(backend);
    }

    @Test
    void everyApiRouteRefusesARequestWithoutAValidKey() {
        List<Routes.Route> apiRoutes = Routes.of(server.app()).stream().filter(route -> route.path().startsWith("/api/")).toList();
        assertThat(apiRoutes).hasSizeGreaterThan(10);
        for (ApiClient client : List.of(server.anonymous(), server.withKey("hbk_not-a-key"),
                server.anonymous().withHeader("Authorization", "Basic " + TestServer.API_KEY),
                server.anonymous().withHeader("Authorization", "Bearer"))) {
            for (Routes.Route route : apiRoutes) {
                ApiClient.Response response = client.send(route.method(), route.pathWith("x"), "{}", "application/json");
                assertThat(response.status()).as(route.toString()).isEqualTo(401);
                assertThat(response.error()).isEqualTo("unauthorized");
                assertThat(response.body().path("message").asText()).isNotBlank();
                assertThat(response.headers().get("www-authenticate")).isEqualTo("Bearer");
            }
        }
    }

    @Test
    void aTenantKeyIsNotAnAdminKey() {
        ApiClient.Response response = server.client().get("/api/admin/tenants");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("unauthorized");
    }

    @Test
    void healthAndTheApiDocumentNeedNoKey() {
        assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
        assertThat(server.anonymous().get("/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void theKeySchemeIsCaseInsensitive() {
        ApiClient client = server.anonymous().withHeader("Authorization", "bearer " + TestServer.API_KEY);
        assertThat(client.get("/api/hooks").status()).isEqualTo(200);
    }
}
