package io.hookbox.auth;

import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The auth core end to end over HTTP: sign-up and login with each hook type in the tenant's order. */
@BothDatabases
class AuthFlowTest {

    private static final String PASSWORD = "tulip-orbit-canyon";

    private final TestServer server;

    AuthFlowTest(Backend backend) {
        server = TestServer.shared(backend);
    }

    @Test
    void pre_register_hooks_shape_the_user_that_is_saved() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("pre-register", "normalize", """
                function handle(data, callback) {
                  data.user.name = data.user.name.toUpperCase();
                  data.user.app_metadata.plan = 'free';
                  callback(null, data);
                }""");
        tenant.hook("pre-register", "tag", """
                async function handle(data) {
                  data.user.user_metadata.source = 'hook-' + data.user.app_metadata.plan;
                  data.user.username = 'ada' + data.context.clientName.length;
                  return data;
                }""");

        ApiClient.Response signUp = tenant.signUp("Ada@Example.com", PASSWORD, "\"name\": \"Ada Lovelace\", \"user_metadata\": {\"lang\": \"en\"}");

        assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(201);
        JsonNode user = signUp.body();
        assertThat(user.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(user.path("name").asText()).isEqualTo("ADA LOVELACE");
        assertThat(user.path("username").asText()).isEqualTo("ada7");
        assertThat(user.path("user_metadata").toString()).isEqualTo("{\"lang\":\"en\",\"source\":\"hook-free\"}");
        assertThat(user.toString()).doesNotContain("password").doesNotContain("argon2");
        JsonNode stored = tenant.api.get("/api/users/" + user.path("id").asText()).body();
        assertThat(stored).isEqualTo(user);
        assertThat(tenant.login("ada7", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void a_pre_register_error_rejects_the_sign_up_and_saves_nothing() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("pre-register", "block disposable", """
                function handle(data, callback) {
                  if (data.user.email.endsWith('@mailinator.com')) return callback(new Error('disposable emails are not allowed'));
                  callback(null, data);
                }""");

        ApiClient.Response rejected = tenant.signUp("eve@mailinator.com", PASSWORD, "");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.error()).isEqualTo("hook_rejected");
        assertThat(rejected.body().path("message").asText()).isEqualTo("disposable emails are not allowed");
        assertThat(tenant.api.get("/api/users?email=eve@mailinator.com").body()).isEmpty();
        assertThat(tenant.signUp("eve@example.com", PASSWORD, "").status()).isEqualTo(201);
    }

    @Test
    void a_pre_register_hook_cannot_change_what_is_not_the_users_to_choose() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("pre-register", "sneaky", "function handle(d, cb) { d.user.id = 'admin'; d.user.password = 'x'; cb(null, d); }");

        ApiClient.Response rejected = tenant.signUp("sam@example.com", PASSWORD, "");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.error()).isEqualTo("hook_rejected");
        assertThat(rejected.body().path("message").asText()).contains("$.user.id").contains("$.user.password");
        assertThat(tenant.api.get("/api/users").body()).isEmpty();
    }

    @Test
    void a_failing_post_register_hook_is_recorded_and_the_user_stays_registered() {
        AuthFixture tenant = new AuthFixture(server);
        String hookId = tenant.hook("post-register", "crm sync", "function handle(d, cb) { console.log('syncing', d.user.email); cb(new Error('crm is down')); }");

        ApiClient.Response signUp = tenant.signUp("bo@example.com", PASSWORD, "");

        assertThat(signUp.status()).isEqualTo(201);
        JsonNode executions = await().atMost(Duration.ofSeconds(30)).until(() -> tenant.executions("?hookId=" + hookId), list -> list.size() == 1);
        JsonNode execution = executions.get(0);
        assertThat(execution.path("type").asText()).isEqualTo("post-register");
        assertThat(execution.path("hookVersion").asInt()).as("the deployed version that ran").isEqualTo(1);
        assertThat(execution.path("status").asText()).isEqualTo("error");
        assertThat(execution.path("errorCode").asText()).isEqualTo("HOOK_ERROR");
        assertThat(execution.path("errorMessage").asText()).isEqualTo("crm is down");
        assertThat(execution.path("console").get(0).path("message").asText()).isEqualTo("syncing bo@example.com");
        assertThat(tenant.api.get("/api/users/" + signUp.body().path("id").asText()).status()).isEqualTo(200);
        assertThat(tenant.login("bo@example.com", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void post_login_hooks_add_claims_that_are_signed_into_the_tokens() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("cy@example.com", PASSWORD);
        tenant.hook("post-login", "roles", """
                function handle(data, callback) {
                  data.context.accessToken.roles = ['editor'];
                  data.context.idToken['https://example.com/plan'] = 'gold';
                  data.user.app_metadata.last_client = data.context.clientID;
                  callback(null, data);
                }""");

        ApiClient.Response login = tenant.login("cy@example.com", PASSWORD);

        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        assertThat(login.body().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(login.body().path("expires_in").asLong()).isEqualTo(3600);
        JWKSet keys = JWKSet.parse(tenant.anonymous.get(tenant.base() + "/.well-known/jwks.json").body().toString());
        RSAKey key = keys.getKeys().getFirst().toRSAKey();
        assertThat(key.isPrivate()).isFalse();
        String issuer = tenant.anonymous.get(tenant.base() + "/.well-known/openid-configuration").body().path("issuer").asText();
        assertThat(issuer).isEqualTo(server.url() + tenant.base());

        JWTClaimsSet access = verified(login.body().path("access_token").asText(), key);
        JWTClaimsSet id = verified(login.body().path("id_token").asText(), key);
        String userId = tenant.api.get("/api/users?email=cy@example.com").body().get(0).path("id").asText();
        assertThat(access.getStringListClaim("roles")).containsExactly("editor");
        assertThat(access.getSubject()).isEqualTo(userId);
        assertThat(access.getIssuer()).isEqualTo(issuer);
        assertThat(access.getAudience()).containsExactly(tenant.clientId);
        assertThat(access.getExpirationTime()).isAfter(java.util.Date.from(Instant.now()));
        assertThat(access.getJWTID()).isNotBlank();
        assertThat(id.getStringClaim("https://example.com/plan")).isEqualTo("gold");
        assertThat(id.getStringClaim("email")).isEqualTo("cy@example.com");
        JsonNode user = tenant.api.get("/api/users/" + userId).body();
        assertThat(user.path("app_metadata").path("last_client").asText()).isEqualTo(tenant.clientId);
        assertThat(user.path("logins_count").asInt()).isEqualTo(1);
        assertThat(user.path("last_login").isTextual()).isTrue();
    }

    @Test
    void a_post_login_hook_cannot_change_a_reserved_claim() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("di@example.com", PASSWORD);
        tenant.hook("post-login", "impersonate", "function handle(d, cb) { d.context.accessToken.sub = 'someone-else'; cb(null, d); }");

        ApiClient.Response login = tenant.login("di@example.com", PASSWORD);

        assertThat(login.status()).isEqualTo(403);
        assertThat(login.error()).isEqualTo("access_denied");
        assertThat(login.body().path("message").asText()).contains("context.accessToken.sub");
        assertThat(login.body().path("details").path("hookError").asText()).isEqualTo("FORBIDDEN_CHANGE");
    }

    @Test
    void hook_errors_deny_the_login() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("ed@example.com", PASSWORD);
        String hookId = tenant.hook("pre-login", "office hours", "function handle(d, cb) { cb(new Error('logins are closed')); }");

        ApiClient.Response denied = tenant.login("ed@example.com", PASSWORD);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.error()).isEqualTo("access_denied");
        assertThat(denied.body().path("message").asText()).isEqualTo("logins are closed");

        tenant.api.patch("/api/hooks/" + hookId, "{\"enabled\": false, \"version\": 1}");
        tenant.hook("post-login", "deny after", "function handle(d, cb) { throw new Error('no tokens for you'); }");
        ApiClient.Response afterLogin = tenant.login("ed@example.com", PASSWORD);
        assertThat(afterLogin.status()).isEqualTo(403);
        assertThat(afterLogin.body().path("message").asText()).isEqualTo("no tokens for you");
    }

    @Test
    void pre_login_runs_even_when_the_password_is_wrong_and_the_login_still_fails() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("flo@example.com", PASSWORD);
        String hookId = tenant.hook("pre-login", "audit", "function handle(d, cb) { console.log('verified=' + d.context.passwordVerified); cb(null, d); }");

        ApiClient.Response wrong = tenant.login("flo@example.com", "not-the-password");
        ApiClient.Response unknown = tenant.login("nobody@example.com", "not-the-password");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("invalid_credentials");
        JsonNode executions = tenant.executions("?hookId=" + hookId);
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).path("console").get(0).path("message").asText()).isEqualTo("verified=false");
    }

    @Test
    void hooks_run_in_the_stored_order_and_a_reorder_flips_it_on_the_next_login() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("gu@example.com", PASSWORD);
        String first = tenant.hook("post-login", "A", "function handle(d, cb) { (d.context.accessToken.trail ||= []).push('A'); cb(null, d); }");
        String second = tenant.hook("post-login", "B", "function handle(d, cb) { (d.context.accessToken.trail ||= []).push('B'); cb(null, d); }");

        assertThat(trail(tenant)).containsExactly("A", "B");
        ApiClient.Response reorder = tenant.api.put("/api/hooks/order", "{\"type\": \"post-login\", \"ids\": [\"" + second + "\", \"" + first + "\"]}");
        assertThat(reorder.status()).isEqualTo(200);
        assertThat(trail(tenant)).containsExactly("B", "A");
    }

    @Test
    void a_hook_that_times_out_denies_its_tenants_login_while_other_tenants_sign_in() throws Exception {
        AuthFixture slow = new AuthFixture(server);
        AuthFixture other = new AuthFixture(server);
        slow.signedUp("hal@example.com", PASSWORD);
        other.signedUp("ida@example.com", PASSWORD);
        String hookId = slow.hook("pre-login", "never answers", "function handle(d, cb) { }");

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ApiClient.Response> stuck = CompletableFuture.supplyAsync(() -> slow.login("hal@example.com", PASSWORD), pool);
            List<CompletableFuture<ApiClient.Response>> others = new ArrayList<>();
            // fewer at once than the login throttle's budget: attempts in flight count against it until they succeed
            for (int i = 0; i < 4; i++) {
                others.add(CompletableFuture.supplyAsync(() -> other.login("ida@example.com", PASSWORD), pool));
            }
            for (CompletableFuture<ApiClient.Response> login : others) {
                assertThat(login.get().status()).isEqualTo(200);
            }
            ApiClient.Response denied = stuck.get();
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.body().path("details").path("hookError").asText()).isEqualTo("TIMEOUT");
        }
        assertThat(slow.executions("?hookId=" + hookId + "&status=error").get(0).path("errorCode").asText()).isEqualTo("TIMEOUT");
    }

    private static List<String> trail(AuthFixture tenant) throws Exception {
        ApiClient.Response login = tenant.login("gu@example.com", PASSWORD);
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        return SignedJWT.parse(login.body().path("access_token").asText()).getJWTClaimsSet().getStringListClaim("trail");
    }

    private static JWTClaimsSet verified(String token, RSAKey key) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        return jwt.getJWTClaimsSet();
    }
}
