package io.hookbox.auth;

import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A sign-in writes only what it owns: an admin's change made while it runs is never undone. */
class SignInIntegrityTest {

    private static final String PASSWORD = "tulip-orbit-canyon";
    private static final String NEW_PASSWORD = "marble-harbor-quartz";

    private final TestServer server = TestServer.shared();

    @Test
    void a_change_made_during_a_sign_in_survives_it() {
        AuthFixture tenant = new AuthFixture(server);
        String id = tenant.signedUp("ida@example.com", PASSWORD).path("id").asText();
        tenant.hook("pre-login", "mark", "function handle(data, callback) { callback(null, data); }");
        tenant.hook("post-login", "slow", """
                function handle(data, callback) {
                  setTimeout(() => callback(null, data), 1500);
                }""");

        CompletableFuture<ApiClient.Response> signIn = CompletableFuture.supplyAsync(() -> tenant.login("ida@example.com", PASSWORD));
        awaitPreLogin(tenant);
        ApiClient.Response patched = tenant.api.patch("/api/users/" + id,
                "{\"password\": \"" + NEW_PASSWORD + "\", \"app_metadata\": {\"revoked\": true}}");
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        String updatedAt = patched.body().path("updated_at").asText();

        assertThat(signIn.join().status()).isEqualTo(200);

        ApiClient.Response user = tenant.api.get("/api/users/" + id);
        assertThat(user.body().path("app_metadata").toString()).isEqualTo("{\"revoked\":true}");
        assertThat(user.body().path("updated_at").asText()).isEqualTo(updatedAt);
        assertThat(user.body().path("logins_count").asLong()).isEqualTo(1);
        assertThat(tenant.login("ida@example.com", PASSWORD).status()).isEqualTo(401);
        assertThat(tenant.login("ida@example.com", NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void metadata_a_post_login_hook_changes_is_merged_into_the_user_as_it_is_now() {
        AuthFixture tenant = new AuthFixture(server);
        String id = tenant.signedUp("max@example.com", PASSWORD).path("id").asText();
        tenant.hook("pre-login", "mark", "function handle(data, callback) { callback(null, data); }");
        tenant.hook("post-login", "count visits", """
                function handle(data, callback) {
                  setTimeout(() => {
                    data.user.user_metadata.visits = (data.user.user_metadata.visits || 0) + 1;
                    callback(null, data);
                  }, 1500);
                }""");

        CompletableFuture<ApiClient.Response> signIn = CompletableFuture.supplyAsync(() -> tenant.login("max@example.com", PASSWORD));
        awaitPreLogin(tenant);
        assertThat(tenant.api.patch("/api/users/" + id, "{\"user_metadata\": {\"lang\": \"fr\"}, \"app_metadata\": {\"role\": \"viewer\"}}")
                .status()).isEqualTo(200);
        assertThat(signIn.join().status()).isEqualTo(200);

        ApiClient.Response user = tenant.api.get("/api/users/" + id);
        assertThat(user.body().path("user_metadata").toString()).isEqualTo("{\"lang\":\"fr\",\"visits\":1}");
        assertThat(user.body().path("app_metadata").toString()).isEqualTo("{\"role\":\"viewer\"}");
    }

    /**
     * Waits until the sign-in has read the user and passed its pre-login hook (recorded when it ends): the slow
     * post-login hook is running now.
     */
    private static void awaitPreLogin(AuthFixture tenant) {
        await().until(() -> tenant.executions("?type=pre-login").size() > 0);
    }
}
