package io.hookbox.auth;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth core's endpoints and management API: OAuth token grants, errors, users, applications, isolation. */
@BothDatabases
class AuthApiTest {

    private static final String PASSWORD = "tulip-orbit-canyon";

    private final TestServer server;

    AuthApiTest(Backend backend) {
        server = TestServer.shared(backend);
    }

    @Test
    void sign_up_refuses_bad_input_with_the_reason() {
        AuthFixture tenant = new AuthFixture(server);
        assertError(tenant.signUp("not-an-email", PASSWORD, ""), 400, "invalid_email");
        assertError(tenant.signUp("jo@example.com", "short", ""), 400, "weak_password");
        assertThat(tenant.signUp("jo@example.com", "password123", "").body().path("message").asText()).contains("commonly used");
        assertError(tenant.signUp("jo@example.com", PASSWORD, "\"username\": \"has space\""), 400, "invalid_username");
        assertError(tenant.signUp("jo@example.com", PASSWORD, "\"user_metadata\": [1]"), 400, "invalid_request");
        assertError(tenant.signUp("jo@example.com", PASSWORD, "\"role\": \"admin\""), 400, "invalid_request");
        assertError(tenant.anonymous.post(tenant.base() + "/signup", "{\"client_id\": \"nope\", \"email\": \"jo@example.com\", \"password\": \"" + PASSWORD + "\"}"),
                401, "invalid_client");

        tenant.signedUp("jo@example.com", PASSWORD);
        assertError(tenant.signUp("JO@example.com", PASSWORD, ""), 409, "email_taken");
        tenant.signUp("kim@example.com", PASSWORD, "\"username\": \"kim\"");
        assertError(tenant.signUp("kim2@example.com", PASSWORD, "\"username\": \"kim\""), 409, "username_taken");
        assertThat(tenant.api.get("/api/users").body()).hasSize(2);
    }

    @Test
    void an_unknown_tenant_has_no_auth_endpoints() {
        ApiClient anonymous = server.anonymous();
        assertError(anonymous.get("/t/no-such-tenant/.well-known/openid-configuration"), 404, "not_found");
        assertError(anonymous.post("/t/no-such-tenant/login", "{\"client_id\": \"x\", \"username\": \"a\", \"password\": \"b\"}"), 404, "not_found");
    }

    @Test
    void the_password_grant_follows_rfc_6749_with_the_client_in_the_body_or_in_basic_auth() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("lu@example.com", PASSWORD);

        ApiClient.Response inBody = tenant.token(Map.of("grant_type", "password", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "username", "lu@example.com", "password", PASSWORD, "scope", "openid email"));
        assertThat(inBody.status()).as(inBody.body().toString()).isEqualTo(200);
        assertThat(inBody.headers().get("cache-control")).isEqualTo("no-store");
        assertThat(inBody.body().path("scope").asText()).isEqualTo("openid email");
        assertThat(SignedJWT.parse(inBody.body().path("id_token").asText()).getJWTClaimsSet().getStringClaim("email")).isEqualTo("lu@example.com");

        ApiClient basic = tenant.anonymous.withHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((tenant.clientId + ":" + tenant.clientSecret).getBytes(StandardCharsets.UTF_8)));
        assertThat(tenant.token(basic, Map.of("grant_type", "password", "username", "lu@example.com", "password", PASSWORD)).status()).isEqualTo(200);

        assertOAuthError(tenant.token(Map.of("grant_type", "password", "client_id", tenant.clientId, "client_secret", tenant.clientSecret,
                "username", "lu@example.com", "password", "wrong-password")), 400, "invalid_grant");
        ApiClient badBasic = tenant.anonymous.withHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((tenant.clientId + ":wrong").getBytes(StandardCharsets.UTF_8)));
        ApiClient.Response badClient = tenant.token(badBasic, Map.of("grant_type", "password", "username", "lu@example.com", "password", PASSWORD));
        assertOAuthError(badClient, 401, "invalid_client");
        assertThat(badClient.headers().get("www-authenticate")).startsWith("Basic");
        assertOAuthError(tenant.token(Map.of("grant_type", "authorization_code", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret)), 400, "unsupported_grant_type");
        assertOAuthError(tenant.token(Map.of("client_id", tenant.clientId)), 400, "invalid_request");
        assertOAuthError(tenant.anonymous.post(tenant.base() + "/oauth/token", "{\"grant_type\": \"password\"}"), 400, "invalid_request");
    }

    @Test
    void the_client_credentials_grant_issues_an_access_token_for_the_application_itself() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient.Response response = tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().has("id_token")).isFalse();
        var claims = SignedJWT.parse(response.body().path("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(tenant.clientId);

        ApiClient.Response created = tenant.api.post("/api/applications", "{\"name\": \"SPA\", \"grantTypes\": [\"password\"]}");
        assertOAuthError(tenant.token(Map.of("grant_type", "client_credentials", "client_id", created.body().path("clientId").asText(),
                "client_secret", created.body().path("clientSecret").asText())), 400, "unauthorized_client");
    }

    @Test
    void repeated_failed_logins_for_one_user_are_slowed_down() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("mo@example.com", PASSWORD);
        for (int i = 0; i < LoginThrottle.Policy.DEFAULT.freeFailures(); i++) {
            assertThat(tenant.login("mo@example.com", "wrong-password").status()).isEqualTo(401);
        }
        tenant.login("mo@example.com", "wrong-password");

        ApiClient.Response throttled = tenant.login("mo@example.com", PASSWORD);
        assertError(throttled, 429, "too_many_attempts");
        assertThat(Integer.parseInt(throttled.headers().get("retry-after"))).isPositive();
    }

    @Test
    void applications_are_managed_with_the_tenant_key_and_secrets_are_shown_once() {
        AuthFixture tenant = new AuthFixture(server);
        JsonNode listed = tenant.api.get("/api/applications").body();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("clientId").asText()).isEqualTo(tenant.clientId);
        assertThat(listed.toString()).doesNotContain(tenant.clientSecret).doesNotContain("secret");
        assertThat(tenant.api.get("/api/applications/" + tenant.clientId).body().path("grantTypes").toString())
                .isEqualTo("[\"password\",\"client_credentials\"]");

        assertError(tenant.api.post("/api/applications", "{\"name\": \"x\", \"grantTypes\": [\"implicit\"]}"), 400, "invalid_request");
        assertError(tenant.api.post("/api/applications", "{\"name\": \"\", \"grantTypes\": [\"password\"]}"), 400, "invalid_request");
        assertError(tenant.api.post("/api/applications", "{\"name\": \"x\", \"grantTypes\": []}"), 400, "invalid_request");

        AuthFixture other = new AuthFixture(server);
        assertError(other.api.get("/api/applications/" + tenant.clientId), 404, "not_found");
        assertError(other.api.delete("/api/applications/" + tenant.clientId), 404, "not_found");
        assertThat(tenant.api.delete("/api/applications/" + tenant.clientId).status()).isEqualTo(204);
        assertError(tenant.login("any@example.com", PASSWORD), 401, "invalid_client");
    }

    @Test
    void users_are_listed_changed_and_deleted_in_the_shape_hooks_see_and_only_by_their_tenant() {
        AuthFixture tenant = new AuthFixture(server);
        String id = tenant.signedUp("ny@example.com", PASSWORD).path("id").asText();
        tenant.signedUp("oz@example.com", PASSWORD);

        assertThat(tenant.api.get("/api/users?limit=1").body()).hasSize(1);
        assertThat(tenant.api.get("/api/users?email=NY@example.com").body().get(0).path("id").asText()).isEqualTo(id);
        assertError(tenant.api.get("/api/users?limit=0"), 400, "invalid_request");
        assertError(tenant.api.get("/api/users?limit=lots"), 400, "invalid_request");

        ApiClient.Response patched = tenant.api.patch("/api/users/" + id,
                "{\"name\": \"Ny Ström\", \"email_verified\": true, \"app_metadata\": {\"plan\": \"pro\"}, \"password\": \"another-long-passphrase\"}");
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.body().path("name").asText()).isEqualTo("Ny Ström");
        assertThat(patched.body().path("app_metadata").path("plan").asText()).isEqualTo("pro");
        assertThat(tenant.login("ny@example.com", "another-long-passphrase").status()).isEqualTo(200);
        assertThat(HookTypes.POST_REGISTER.validate(TestRuntime.JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("user", patched.body())
                .set("context", TestRuntime.JSON.createObjectNode()))).extracting(v -> v.path()).doesNotContain("$.user");

        assertError(tenant.api.patch("/api/users/" + id, "{\"password_hash\": \"x\"}"), 400, "invalid_request");
        assertError(tenant.api.patch("/api/users/" + id, "{\"email\": \"oz@example.com\"}"), 409, "email_taken");
        assertError(tenant.api.patch("/api/users/" + id, "{\"picture\": 5}"), 400, "invalid_request");
        assertError(tenant.api.patch("/api/users/" + id, "{\"password\": \"short\"}"), 400, "weak_password");

        AuthFixture other = new AuthFixture(server);
        assertError(other.api.get("/api/users/" + id), 404, "not_found");
        assertError(other.api.delete("/api/users/" + id), 404, "not_found");
        assertThat(tenant.api.delete("/api/users/" + id).status()).isEqualTo(204);
        assertError(tenant.api.get("/api/users/" + id), 404, "not_found");
        assertError(tenant.login("ny@example.com", "another-long-passphrase"), 401, "invalid_credentials");
    }

    @Test
    void discovery_points_at_the_token_endpoint_and_the_keys() {
        AuthFixture tenant = new AuthFixture(server);
        JsonNode discovery = tenant.anonymous.get(tenant.base() + "/.well-known/openid-configuration").body();
        assertThat(discovery.path("token_endpoint").asText()).isEqualTo(server.url() + tenant.base() + "/oauth/token");
        assertThat(discovery.path("jwks_uri").asText()).isEqualTo(server.url() + tenant.base() + "/.well-known/jwks.json");
        assertThat(discovery.path("id_token_signing_alg_values_supported").toString()).contains("RS256");
        JsonNode keys = tenant.anonymous.get(tenant.base() + "/.well-known/jwks.json").body().path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).has("d")).isFalse();
    }

    @Test
    void deleting_a_tenant_deletes_its_users_and_applications() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("pi@example.com", PASSWORD);
        assertThat(server.admin().delete("/api/admin/tenants/" + tenant.tenantId).status()).isEqualTo(204);
        assertError(tenant.anonymous.get(tenant.base() + "/.well-known/jwks.json"), 404, "not_found");
        assertThat(server.auth().users().findByLogin(tenant.tenantId, "pi@example.com")).isEmpty();
        assertThat(server.auth().applications().find(tenant.tenantId, tenant.clientId)).isEmpty();
    }

    private static void assertError(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.error()).as(response.body().toString()).isEqualTo(code);
        assertThat(response.body().path("message").asText()).isNotBlank();
    }

    private static void assertOAuthError(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().path("error").asText()).isEqualTo(code);
        assertThat(response.body().path("error_description").asText()).isNotBlank();
    }
}
