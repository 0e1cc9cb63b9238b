package io.hookbox.auth;

import com.nimbusds.jwt.SignedJWT;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.hookbox.auth.IdentitiesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Confidential applications prove themselves at every sign-in, public ones have no secret, scopes are allowed ones only. */
class ApplicationSecurityTest {

    private static final String PASSWORD = "tulip-orbit-canyon";

    private final TestServer server = TestServer.shared();

    @Test
    void a_confidential_application_must_give_its_secret_at_the_login_route_and_the_password_grant() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("cleo@example.com", PASSWORD);
        String credentials = "\"username\": \"cleo@example.com\", \"password\": \"" + PASSWORD + "\"";

        assertError(tenant.anonymous.post(tenant.base() + "/login", "{\"client_id\": \"" + tenant.clientId + "\", " + credentials + "}"),
                401, "invalid_client");
        assertError(tenant.anonymous.post(tenant.base() + "/login", "{\"client_id\": \"" + tenant.clientId
                + "\", \"client_secret\": \"hbs_wrong\", " + credentials + "}"), 401, "invalid_client");
        assertThat(tenant.login("cleo@example.com", PASSWORD).status()).isEqualTo(200);
        assertOAuthError(tenant.token(Map.of("grant_type", "password", "client_id", tenant.clientId,
                "username", "cleo@example.com", "password", PASSWORD)), 401, "invalid_client");
    }

    @Test
    void a_public_application_has_no_secret_and_signs_users_in_with_its_client_id() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("pia@example.com", PASSWORD);
        ApiClient.Response created = tenant.api.post("/api/applications", "{\"name\": \"SPA\", \"type\": \"public\", \"grantTypes\": [\"password\"]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().path("type").asText()).isEqualTo("public");
        assertThat(created.body().path("clientSecret").isNull()).isTrue();
        String spa = created.body().path("clientId").asText();

        assertThat(tenant.anonymous.post(tenant.base() + "/login", "{\"client_id\": \"" + spa
                + "\", \"username\": \"pia@example.com\", \"password\": \"" + PASSWORD + "\"}").status()).isEqualTo(200);
        assertThat(tenant.token(Map.of("grant_type", "password", "client_id", spa, "username", "pia@example.com",
                "password", PASSWORD)).status()).isEqualTo(200);
        assertOAuthError(tenant.token(Map.of("grant_type", "password", "client_id", spa, "client_secret", "anything",
                "username", "pia@example.com", "password", PASSWORD)), 401, "invalid_client");
        assertError(tenant.api.post("/api/applications", "{\"name\": \"M2M\", \"type\": \"public\", \"grantTypes\": [\"client_credentials\"]}"),
                400, "invalid_request");
        assertError(tenant.api.post("/api/applications", "{\"name\": \"x\", \"type\": \"secretive\", \"grantTypes\": [\"password\"]}"),
                400, "invalid_request");
    }

    @Test
    void basic_credentials_with_different_ones_in_the_form_are_an_invalid_request() {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient basic = tenant.anonymous.withHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((tenant.clientId + ":" + tenant.clientSecret).getBytes(StandardCharsets.UTF_8)));
        assertOAuthError(tenant.token(basic, Map.of("grant_type", "client_credentials", "client_id", "app_someone_else")), 400, "invalid_request");
        assertOAuthError(tenant.token(basic, Map.of("grant_type", "client_credentials", "client_secret", tenant.clientSecret)),
                400, "invalid_request");
        assertThat(tenant.token(basic, Map.of("grant_type", "client_credentials", "client_id", tenant.clientId)).status()).isEqualTo(200);
    }

    @Test
    void client_credentials_grants_only_allowed_scopes_written_as_rfc_6749_says() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient.Response created = tenant.api.post("/api/applications",
                "{\"name\": \"Reports\", \"grantTypes\": [\"client_credentials\"], \"scopes\": [\"reports:read\", \"users:read\"]}");
        assertThat(created.body().path("scopes").toString()).isEqualTo("[\"reports:read\",\"users:read\"]");
        assertThat(tenant.api.get("/api/applications/" + created.body().path("clientId").asText()).body().path("scopes").toString())
                .isEqualTo("[\"reports:read\",\"users:read\"]");
        Map<String, String> client = Map.of("client_id", created.body().path("clientId").asText(),
                "client_secret", created.body().path("clientSecret").asText());

        ApiClient.Response narrowed = tenant.token(with(client, "scope", "admin users:read root"));
        assertThat(narrowed.status()).as(narrowed.body().toString()).isEqualTo(200);
        assertThat(narrowed.body().path("scope").asText()).isEqualTo("users:read");
        assertThat(SignedJWT.parse(narrowed.body().path("access_token").asText()).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("users:read");
        assertThat(tenant.token(with(client, "scope", "")).body().path("scope").asText()).isEqualTo("reports:read users:read");

        assertOAuthError(tenant.token(with(client, "scope", "admin root")), 400, "invalid_scope");
        assertOAuthError(tenant.token(with(client, "scope", "users:read\r\nadmin")), 400, "invalid_scope");
        assertOAuthError(tenant.token(with(client, "scope", "users:read  reports:read")), 400, "invalid_scope");
        assertOAuthError(tenant.token(with(client, "scope", "users:\"read\"")), 400, "invalid_scope");
        assertOAuthError(tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "scope", "anything")), 400, "invalid_scope");
        assertError(tenant.api.post("/api/applications", "{\"name\": \"x\", \"grantTypes\": [\"client_credentials\"], \"scopes\": [\"a b\"]}"),
                400, "invalid_request");
    }

    @Test
    void an_applications_name_grants_and_scopes_change_under_the_rules_of_its_creation() {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient.Response created = tenant.api.post("/api/applications",
                "{\"name\": \"Reports\", \"grantTypes\": [\"client_credentials\"], \"scopes\": [\"reports:read\"]}");
        String path = "/api/applications/" + created.body().path("clientId").asText();
        Map<String, String> client = Map.of("client_id", created.body().path("clientId").asText(),
                "client_secret", created.body().path("clientSecret").asText());

        ApiClient.Response changed = tenant.api.patch(path, "{\"name\": \" Reporting \", \"scopes\": [\"reports:write\", \"reports:write\"],"
                + " \"grantTypes\": [\"client_credentials\", \"password\"], \"type\": \"confidential\"}");
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().path("name").asText()).isEqualTo("Reporting");
        assertThat(changed.body().path("scopes").toString()).isEqualTo("[\"reports:write\"]");
        assertThat(tenant.api.get(path).body()).isEqualTo(changed.body());
        assertThat(tenant.token(with(client, "scope", "")).body().path("scope").asText()).isEqualTo("reports:write");
        assertOAuthError(tenant.token(with(client, "scope", "reports:read")), 400, "invalid_scope");
        assertThat(tenant.api.patch(path, "{}").body()).as("an empty change keeps everything").isEqualTo(changed.body());

        assertError(tenant.api.patch(path, "{\"type\": \"public\"}"), 400, "invalid_request");
        assertError(tenant.api.patch(path, "{\"name\": \"  \"}"), 400, "invalid_request");
        assertError(tenant.api.patch(path, "{\"grantTypes\": []}"), 400, "invalid_request");
        assertError(tenant.api.patch(path, "{\"grantTypes\": [\"implicit\"]}"), 400, "invalid_request");
        assertError(tenant.api.patch(path, "{\"scopes\": [\"a b\"]}"), 400, "invalid_request");
        assertError(tenant.api.patch(path, "{\"secret\": \"mine\"}"), 400, "invalid_request");
        assertError(tenant.api.patch("/api/applications/app_none", "{\"name\": \"x\"}"), 404, "not_found");
        assertThat(tenant.api.get(path).body()).as("refused changes change nothing").isEqualTo(changed.body());

        String spa = tenant.api.post("/api/applications", "{\"name\": \"SPA\", \"type\": \"public\", \"grantTypes\": [\"password\"]}")
                .body().path("clientId").asText();
        ApiClient.Response refused = tenant.api.patch("/api/applications/" + spa, "{\"grantTypes\": [\"password\", \"client_credentials\"]}");
        assertError(refused, 400, "invalid_request");
        assertThat(refused.body().path("message").asText()).contains("public application");
        assertError(new AuthFixture(server).api.patch(path, "{\"name\": \"stolen\"}"), 404, "not_found");
    }

    private static Map<String, String> with(Map<String, String> client, String name, String value) {
        Map<String, String> form = new java.util.HashMap<>(client);
        form.put("grant_type", "client_credentials");
        form.put(name, value);
        return form;
    }

    private static void assertOAuthError(ApiClient.Response response, int status, String error) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().path("error").asText()).isEqualTo(error);
    }
}
