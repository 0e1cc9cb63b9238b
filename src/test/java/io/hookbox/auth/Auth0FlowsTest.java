package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.hookbox.auth.IdentitiesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actions and Rules written as Auth0's documented examples are, saved unchanged, act on real sign-ins, sign-ups and
 * client-credentials grants over HTTP; an Action saved under a type whose handler it lacks is refused.
 */
class Auth0FlowsTest {

    private static final String PASSWORD = "lantern-quiet-meadow";

    private final TestServer server = TestServer.shared();

    @Test
    void a_post_login_action_adds_claims_and_saves_metadata_on_a_real_sign_in() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        String userId = tenant.signedUp("ada@example.com", PASSWORD).path("id").asText();
        // Auth0's documented example: add the user's roles to the tokens.
        tenant.hook("post-login", "roles action", """
                exports.onExecutePostLogin = async (event, api) => {
                  const namespace = 'https://my-app.example.com';
                  if (event.authorization) {
                    api.idToken.setCustomClaim(`${namespace}/roles`, event.authorization.roles);
                    api.accessToken.setCustomClaim(`${namespace}/roles`, event.authorization.roles);
                  }
                  api.user.setUserMetadata('last_client', event.client.name);
                };""");
        ApiClient.Response login = tenant.token(Map.of("grant_type", "password", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "username", "ada@example.com", "password", PASSWORD, "scope", "openid"));
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        assertThat(claims(login, "access_token").getStringListClaim("https://my-app.example.com/roles")).isEmpty();
        assertThat(claims(login, "id_token").getClaim("https://my-app.example.com/roles")).isNotNull();
        assertThat(tenant.api.get("/api/users/" + userId).body().at("/user_metadata/last_client").asText()).isEqualTo("Web app");
    }

    @Test
    void a_deny_from_an_action_denies_the_sign_in_and_stops_the_chain() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("eve@blocked-domain.com", PASSWORD);
        tenant.hook("post-login", "deny", """
                exports.onExecutePostLogin = async (event, api) => {
                  if (event.user.email.endsWith('@blocked-domain.com')) {
                    api.access.deny('This domain is blocked.');
                  }
                };""");
        tenant.hook("post-login", "after", "function handle(d, cb) { cb(new Error('ran after a deny')); }");
        ApiClient.Response login = tenant.login("eve@blocked-domain.com", PASSWORD);
        assertError(login, 403, "access_denied");
        assertThat(login.body().path("message").asText()).contains("This domain is blocked.");
    }

    @Test
    void a_rule_adds_a_roles_claim_on_a_real_sign_in() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("rex@example.com", PASSWORD);
        tenant.hook("post-login", "rule", """
                function (user, context, callback) {
                  user.app_metadata = user.app_metadata || {};
                  const roles = user.email.endsWith('@example.com') ? ['admin'] : ['user'];
                  user.app_metadata.roles = roles;
                  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)
                    .then(function () {
                      context.accessToken['https://example.com/roles'] = roles;
                      callback(null, user, context);
                    })
                    .catch(function (err) { callback(err); });
                }""");
        ApiClient.Response login = tenant.login("rex@example.com", PASSWORD);
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        assertThat(claims(login, "access_token").getStringListClaim("https://example.com/roles")).containsExactly("admin");
    }

    @Test
    void a_pre_registration_action_sets_metadata_or_rejects_the_sign_up() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("pre-register", "domains", """
                exports.onExecutePreUserRegistration = async (event, api) => {
                  if (!event.user.email.endsWith('@example.com')) {
                    api.access.deny('domain not allowed', 'Sign-ups are open to example.com only.');
                    return;
                  }
                  api.user.setAppMetadata('plan', 'trial');
                };""");
        JsonNode user = tenant.signedUp("new@example.com", PASSWORD);
        assertThat(tenant.api.get("/api/users/" + user.path("id").asText()).body().at("/app_metadata/plan").asText()).isEqualTo("trial");
        ApiClient.Response refused = tenant.signUp("new@elsewhere.org", PASSWORD, "");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("message").asText()).contains("Sign-ups are open to example.com only.");
    }

    @Test
    void a_credentials_exchange_action_adds_a_claim_or_refuses_the_token() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("credentials-exchange", "machine", """
                exports.onExecuteCredentialsExchange = async (event, api) => {
                  if (event.transaction.requested_scopes.includes('admin')) {
                    api.access.deny('invalid_scope', 'admin is not for machines');
                    return;
                  }
                  api.accessToken.setCustomClaim('https://example.com/client', event.client.name);
                };""");
        ApiClient.Response token = tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "scope", "read:orders"));
        assertThat(token.status()).as(token.body().toString()).isEqualTo(200);
        assertThat(claims(token, "access_token").getStringClaim("https://example.com/client")).isEqualTo("Web app");
        ApiClient.Response refused = tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "scope", "admin"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void an_action_saved_under_a_type_whose_handler_it_lacks_is_refused() {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient.Response refused = tenant.api.post("/api/hooks", TestRuntime.JSON.createObjectNode().put("type", "pre-register")
                .put("name", "wrong").put("content", "exports.onExecutePostLogin = async (event, api) => {};").toString());
        assertError(refused, 400, "hook_form_mismatch");
        assertThat(refused.body().path("message").asText()).isEqualTo("this Auth0 Action exports onExecutePostLogin, which runs "
                + "as post-login hooks; pre-register hooks run onExecutePreUserRegistration");
        ApiClient.Response rule = tenant.api.post("/api/hooks", TestRuntime.JSON.createObjectNode().put("type", "pre-login")
                .put("name", "rule").put("content", "function (user, context, callback) { callback(null, user, context); }").toString());
        assertError(rule, 400, "hook_form_mismatch");
        assertThat(rule.body().path("message").asText()).contains("Rules run as post-login hooks");
        ApiClient.Response saved = tenant.api.post("/api/hooks", TestRuntime.JSON.createObjectNode().put("type", "post-login")
                .put("name", "right").put("content", "exports.onExecutePostLogin = async (event, api) => {};").toString());
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        assertThat(saved.body().path("form").asText()).isEqualTo("action");
    }

    @Test
    void metadata_an_action_set_before_it_denied_is_saved_as_auth0_saves_it() {
        AuthFixture tenant = new AuthFixture(server);
        String userId = tenant.signedUp("mallory@example.com", PASSWORD).path("id").asText();
        tenant.hook("post-login", "count and deny", """
                exports.onExecutePostLogin = async (event, api) => {
                  const attempts = (event.user.app_metadata.denied_attempts || 0) + 1;
                  api.user.setAppMetadata('denied_attempts', attempts);
                  api.user.setUserMetadata('last_denied_client', event.client.name);
                  api.access.deny('Your account is under review.');
                  api.user.setUserMetadata('after_the_deny', true);
                };""");
        for (int i = 0; i < 2; i++) {
            ApiClient.Response login = tenant.login("mallory@example.com", PASSWORD);
            assertError(login, 403, "access_denied");
            assertThat(login.body().path("message").asText()).contains("Your account is under review.");
        }
        JsonNode user = tenant.api.get("/api/users/" + userId).body();
        assertThat(user.at("/app_metadata/denied_attempts").asInt()).isEqualTo(2);
        assertThat(user.at("/user_metadata/last_denied_client").asText()).isEqualTo("Web app");
        assertThat(user.at("/user_metadata").has("after_the_deny")).isFalse();
        assertThat(user.path("logins_count").asInt()).isZero();
    }

    @Test
    void a_value_an_action_caches_at_one_sign_in_is_read_at_the_next() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("cora@example.com", PASSWORD);
        tenant.hook("post-login", "cached", """
                exports.onExecutePostLogin = async (event, api) => {
                  const previous = api.cache.get('previous-ip');
                  api.idToken.setCustomClaim('https://example.com/previous', previous ? previous.value : 'none');
                  api.cache.set('previous-ip', 'seen from ' + event.request.ip, { ttl: 60000 });
                };""");
        ApiClient.Response first = tenant.login("cora@example.com", PASSWORD);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        assertThat(claims(first, "id_token").getStringClaim("https://example.com/previous")).isEqualTo("none");
        ApiClient.Response second = tenant.login("cora@example.com", PASSWORD);
        assertThat(second.status()).as(second.body().toString()).isEqualTo(200);
        assertThat(claims(second, "id_token").getStringClaim("https://example.com/previous")).startsWith("seen from ");
    }

    private static JWTClaimsSet claims(ApiClient.Response response, String token) throws Exception {
        return SignedJWT.parse(response.body().path(token).asText()).getJWTClaimsSet();
    }
}
