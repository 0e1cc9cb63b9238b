package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook points of the user lifecycle, each in its real flow over HTTP. */
class UserLifecycleHooksTest {

    static final List<Flows> NEW_TYPES = List.of(Flows.of(HookTypes.PRE_REGISTER_CHECK), Flows.of(HookTypes.CREDENTIALS_EXCHANGE),
            Flows.of(HookTypes.PRE_USER_UPDATE), Flows.of(HookTypes.PRE_USER_DELETE), Flows.of(HookTypes.POST_USER_DELETE));

    private static final String FAILS = "function handle(data, cb) { cb(new Error('no way')); }";
    private static final String LOGS_TRAIL = "function handle(data, cb) { console.log('trail', data.context.request.body.trail); cb(null, data); }";

    private final TestServer server = TestServer.shared();

    @ParameterizedTest
    @FieldSource("NEW_TYPES")
    void without_hooks_the_flow_goes_through(Flows flow) {
        ApiClient.Response response = flow.run(new AuthFixture(server));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(flow.okStatus());
    }

    @ParameterizedTest
    @FieldSource("NEW_TYPES")
    void an_error_stops_the_flow_unless_the_hook_says_continue(Flows flow) {
        AuthFixture denying = new AuthFixture(server);
        denying.hook(flow.type().id(), "fails", FAILS, "deny");
        denying.hook(flow.type().id(), "after", LOGS_TRAIL);
        ApiClient.Response denied = flow.run(denying);
        assertThat(denied.status()).as(denied.body().toString()).isEqualTo(flow.deniedStatus());
        if (flow.deniedError() != null) {
            assertThat(denied.error()).isEqualTo(flow.deniedError());
            String message = denied.body().has("error_description") ? denied.body().path("error_description").asText()
                    : denied.body().path("message").asText();
            assertThat(message).isEqualTo("no way");
        }
        if (flow.type().canBlock()) {
            JsonNode stopped = flow.executions(denying, 1);
            assertThat(stopped).hasSize(1);
            assertThat(stopped.get(0).path("status").asText()).isEqualTo("error");
            assertThat(stopped.get(0).path("continued").asBoolean()).isFalse();
        } else {
            // after the fact, each hook is a delivery of its own: a failing one stops no other
            JsonNode both = flow.executions(denying, 2);
            assertThat(execution(both, "fails").path("continued").asBoolean()).isFalse();
            assertThat(execution(both, "after").path("status").asText()).isEqualTo("success");
        }

        AuthFixture continuing = new AuthFixture(server);
        continuing.hook(flow.type().id(), "fails", FAILS, "continue");
        continuing.hook(flow.type().id(), "after", LOGS_TRAIL);
        ApiClient.Response went_on = flow.run(continuing);
        assertThat(went_on.status()).as(went_on.body().toString()).isEqualTo(flow.okStatus());
        JsonNode both = flow.executions(continuing, 2);
        JsonNode failed = execution(both, "fails");
        assertThat(failed.path("status").asText()).isEqualTo("error");
        assertThat(failed.path("errorMessage").asText()).isEqualTo("no way");
        assertThat(failed.path("continued").asBoolean()).isTrue();
        assertThat(execution(both, "after").path("status").asText()).isEqualTo("success");
    }

    @ParameterizedTest
    @FieldSource("NEW_TYPES")
    void several_hooks_run_in_their_order_each_on_the_previous_result(Flows flow) {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook(flow.type().id(), "first", "function handle(d, cb) { d.context.request.body.trail = 'first'; cb(null, d); }");
        tenant.hook(flow.type().id(), "second", """
                function handle(d, cb) { d.context.request.body.trail += ',second'; cb(null, d); }""");
        tenant.hook(flow.type().id(), "third", LOGS_TRAIL);
        assertThat(flow.run(tenant).status()).isEqualTo(flow.okStatus());
        JsonNode third = execution(flow.executions(tenant, 3), "third");
        // after the fact, each hook is a delivery of its own, on the flow's data
        assertThat(third.path("console").get(0).path("message").asText())
                .isEqualTo(flow.type().canBlock() ? "trail first,second" : "trail undefined");
    }

    @Test
    void pre_register_check_sees_what_was_typed_runs_first_and_takes_nothing() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("pre-register-check", "disposable", """
                function handle(data, cb) {
                  console.log(JSON.stringify(data.user));
                  if (data.user.email.endsWith('@mailinator.com')) return cb(new Error('Use a permanent address'));
                  data.user.email = 'changed@example.com';
                  cb(null, data);
                }""");
        tenant.hook("pre-register", "never for rejected", "function handle(d, cb) { cb(null, d); }");

        ApiClient.Response rejected = tenant.signUp("Eve@Mailinator.com", Flows.PASSWORD, "\"username\": \"eve\"");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.error()).isEqualTo("hook_rejected");
        assertThat(rejected.body().path("message").asText()).isEqualTo("Use a permanent address");
        assertThat(tenant.executions("?type=pre-register")).isEmpty();
        assertThat(tenant.executions("?type=pre-register-check").get(0).path("console").get(0).path("message").asText())
                .isEqualTo("{\"email\":\"eve@mailinator.com\",\"username\":\"eve\"}");

        ApiClient.Response accepted = tenant.signUp("ann@example.com", Flows.PASSWORD, "");
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.body().path("email").asText()).isEqualTo("ann@example.com");
    }

    @Test
    void pre_user_update_may_change_the_changes_or_refuse_them_and_nothing_is_written() {
        AuthFixture tenant = new AuthFixture(server);
        String id = Flows.newUser(tenant);
        tenant.hook("pre-user-update", "review", """
                function handle(data, cb) {
                  if (data.changes.blocked) return cb(new Error('blocking needs a ticket'));
                  if (data.changes.name) data.changes.name = data.changes.name.toUpperCase();
                  data.changes.app_metadata = { ...data.user.app_metadata, reviewed: true };
                  cb(null, data);
                }""");

        ApiClient.Response changed = tenant.api.patch("/api/users/" + id, "{\"name\": \"Quinn\", \"password\": \"another-long-passphrase\"}");
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().path("name").asText()).isEqualTo("QUINN");
        assertThat(changed.body().path("app_metadata").path("reviewed").asBoolean()).isTrue();
        assertThat(tenant.executions("?type=pre-user-update").toString()).doesNotContain("another-long-passphrase");
        assertThat(tenant.login(changed.body().path("email").asText(), "another-long-passphrase").status()).isEqualTo(200);

        ApiClient.Response refused = tenant.api.patch("/api/users/" + id, "{\"blocked\": true, \"name\": \"Other\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("hook_rejected");
        assertThat(refused.body().path("message").asText()).isEqualTo("blocking needs a ticket");
        JsonNode stored = tenant.api.get("/api/users/" + id).body();
        assertThat(stored.path("name").asText()).isEqualTo("QUINN");
        assertThat(stored.path("blocked").asBoolean()).isFalse();

        AuthFixture strict = new AuthFixture(server);
        String other = Flows.newUser(strict);
        strict.hook("pre-user-update", "sneaky", "function handle(d, cb) { d.changes.password = 'x'; d.changes.logins_count = 9; cb(null, d); }");
        ApiClient.Response sneaky = strict.api.patch("/api/users/" + other, "{\"name\": \"Sam\"}");
        assertThat(sneaky.status()).isEqualTo(403);
        assertThat(sneaky.body().path("details").path("hookError").asText()).isEqualTo("INVALID_RESULT");
        assertThat(sneaky.body().path("message").asText()).contains("'sneaky'", "$.changes.password", "$.changes.logins_count");
    }

    @Test
    void a_refused_deletion_deletes_nothing_and_post_user_delete_gets_the_last_state() {
        AuthFixture tenant = new AuthFixture(server);
        String kept = Flows.newUser(tenant);
        tenant.api.patch("/api/users/" + kept, "{\"app_metadata\": {\"plan\": \"enterprise\"}}");
        tenant.hook("pre-user-delete", "paid", """
                function handle(data, cb) {
                  if (data.user.app_metadata.plan === 'enterprise') return cb(new Error('Cancel the subscription first'));
                  cb(null, data);
                }""");
        tenant.hook("post-user-delete", "goodbye", "function handle(d, cb) { console.log('gone', d.user.id, d.user.name); cb(null, d); }");

        ApiClient.Response refused = tenant.api.delete("/api/users/" + kept);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("message").asText()).isEqualTo("Cancel the subscription first");
        assertThat(tenant.api.get("/api/users/" + kept).status()).isEqualTo(200);

        String gone = Flows.newUser(tenant);
        tenant.api.patch("/api/users/" + gone, "{\"name\": \"Last Name\"}");
        assertThat(tenant.api.delete("/api/users/" + gone).status()).isEqualTo(204);
        assertThat(tenant.api.get("/api/users/" + gone).status()).isEqualTo(404);
        JsonNode post = Flows.of(HookTypes.POST_USER_DELETE).executions(tenant, 1);
        assertThat(post.get(0).path("console").get(0).path("message").asText()).isEqualTo("gone " + gone + " Last Name");
        assertThat(tenant.api.delete("/api/users/" + gone).status()).isEqualTo(404);
    }

    @Test
    void credentials_exchange_adds_claims_or_answers_the_oauth_error_the_hook_asks_for() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("credentials-exchange", "tier", """
                function handle(data, cb) {
                  if (data.context.scope === 'admin') return cb(new Error('invalid_scope: admin is not for applications'));
                  if (data.context.scope === 'odd') return cb(new Error('invalid_request: say why'));
                  data.context.accessToken['https://example.com/tier'] = 'partner:' + data.context.clientName;
                  cb(null, data);
                }""");
        ApiClient.Response token = token(tenant, "read:orders");
        assertThat(token.status()).as(token.body().toString()).isEqualTo(200);
        JsonNode claims = TestRuntime.JSON.readTree(Base64.getUrlDecoder().decode(token.body().path("access_token").asText().split("\\.")[1]));
        assertThat(claims.path("https://example.com/tier").asText()).isEqualTo("partner:Web app");
        assertThat(claims.path("sub").asText()).isEqualTo(tenant.clientId);
        assertThat(claims.path("scope").asText()).isEqualTo("read:orders");

        ApiClient.Response badScope = token(tenant, "admin");
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.body().path("error").asText()).isEqualTo("invalid_scope");
        assertThat(badScope.body().path("error_description").asText()).isEqualTo("admin is not for applications");
        assertThat(token(tenant, "odd").body().path("error").asText()).isEqualTo("invalid_request");

        AuthFixture forging = new AuthFixture(server);
        forging.hook("credentials-exchange", "forge", "function handle(d, cb) { d.context.accessToken.sub = 'admin'; cb(null, d); }");
        ApiClient.Response forged = token(forging, "read:orders");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body().path("error").asText()).isEqualTo("access_denied");
        assertThat(forged.body().path("error_description").asText()).contains("context.accessToken.sub");
    }

    @Test
    void a_blocked_user_cannot_sign_in_and_only_the_right_password_says_so() {
        AuthFixture tenant = new AuthFixture(server);
        String email = Flows.newEmail();
        String id = tenant.signedUp(email, Flows.PASSWORD).path("id").asText();
        tenant.hook("pre-login", "never for blocked", "function handle(d, cb) { cb(null, d); }");

        ApiClient.Response blocked = tenant.api.patch("/api/users/" + id, "{\"blocked\": true}");
        assertThat(blocked.body().path("blocked").asBoolean()).isTrue();
        ApiClient.Response right = tenant.login(email, Flows.PASSWORD);
        assertThat(right.status()).isEqualTo(403);
        assertThat(right.error()).isEqualTo("user_blocked");
        ApiClient.Response wrong = tenant.login(email, "not-the-password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("invalid_credentials");
        assertThat(tenant.executions("?type=pre-login")).isEmpty();

        tenant.api.patch("/api/users/" + id, "{\"blocked\": false}");
        assertThat(tenant.login(email, Flows.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void a_patch_follows_the_sign_up_rules() {
        AuthFixture tenant = new AuthFixture(server);
        String id = Flows.newUser(tenant);
        String other = Flows.newUser(tenant);
        tenant.api.patch("/api/users/" + other, "{\"username\": \"taken_name\"}");

        assertError(tenant.api.patch("/api/users/" + id, "{\"nickname\": \"x\"}"), 400, "invalid_request");
        assertError(tenant.api.patch("/api/users/" + id, "{\"username\": \"no spaces allowed\"}"), 400, "invalid_username");
        assertError(tenant.api.patch("/api/users/" + id, "{\"email\": \"not-an-email\"}"), 400, "invalid_email");
        assertError(tenant.api.patch("/api/users/" + id, "{\"blocked\": \"yes\"}"), 400, "invalid_request");
        assertError(tenant.api.patch("/api/users/" + id, "{\"username\": \"taken_name\"}"), 409, "username_taken");
        ApiClient.Response email = tenant.api.patch("/api/users/" + id, "{\"email\": \"New.Address@Example.COM\", \"phone_number\": \"+14155550100\"}");
        assertThat(email.status()).as(email.body().toString()).isEqualTo(200);
        assertThat(email.body().path("email").asText()).isEqualTo("new.address@example.com");
    }

    private static void assertError(ApiClient.Response response, int status, String error) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.error()).isEqualTo(error);
    }

    private static ApiClient.Response token(AuthFixture tenant, String scope) {
        return tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "scope", scope));
    }

    private static JsonNode execution(JsonNode executions, String hookName) {
        for (JsonNode execution : executions) {
            if (execution.path("hookName").asText().equals(hookName)) {
                return execution;
            }
        }
        throw new AssertionError("no execution of " + hookName + " in " + executions);
    }
}
