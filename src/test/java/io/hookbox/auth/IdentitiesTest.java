package io.hookbox.auth;

import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Emails and usernames are unique as people read them, lookalikes are refused, and errors say why in our terms. */
class IdentitiesTest {

    private static final String PASSWORD = "tulip-orbit-canyon";

    private final TestServer server = TestServer.shared();

    @Test
    void usernames_differing_only_in_case_or_width_are_one_name_and_lookalikes_are_refused() {
        AuthFixture tenant = new AuthFixture(server);
        assertThat(tenant.signUp("frank1@example.com", PASSWORD, "\"username\": \"Frank\"").status()).isEqualTo(201);

        assertError(tenant.signUp("frank2@example.com", PASSWORD, "\"username\": \"frank\""), 409, "username_taken");
        assertError(tenant.signUp("frank3@example.com", PASSWORD, "\"username\": \"ＦＲＡＮＫ\""), 409, "username_taken");
        assertError(tenant.signUp("frank4@example.com", PASSWORD, "\"username\": \"fr\u0430nk\""), 400, "invalid_username");
        assertError(tenant.signUp("frank5@example.com", PASSWORD, "\"username\": \"fra\u200bnk\""), 400, "invalid_username");
        assertThat(tenant.signUp("ivan@example.com", PASSWORD, "\"username\": \"\u0438\u0432\u0430\u043d\"").status()).isEqualTo(201);

        assertThat(tenant.login("FRANK", PASSWORD).status()).isEqualTo(200);
        assertThat(tenant.api.get("/api/users").body()).hasSize(2);
    }

    @Test
    void invisible_and_mixed_script_emails_are_invalid_emails_even_when_no_hook_ran() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("bob@example.com", PASSWORD);

        for (String lookalike : new String[]{"bob\u200b@example.com", "b\u043eb@example.com", "bob@ex\u0430mple.com",
                "bob\u00a0@example.com", "bob\\u0007@example.com"}) {
            ApiClient.Response refused = tenant.signUp(lookalike, PASSWORD, "");
            assertError(refused, 400, "invalid_email");
            assertThat(refused.body().toString()).doesNotContain("Violation[").doesNotContain("hook");
        }
        assertError(tenant.signUp("BOB@EXAMPLE.COM", PASSWORD, ""), 409, "email_taken");
    }

    @Test
    void a_management_patch_is_held_to_the_same_rules() {
        AuthFixture tenant = new AuthFixture(server);
        String id = tenant.signedUp("cy@example.com", PASSWORD).path("id").asText();
        tenant.signUp("dee@example.com", PASSWORD, "\"username\": \"dee\"");

        assertError(tenant.api.patch("/api/users/" + id, "{\"username\": \"DEE\"}"), 409, "username_taken");
        assertError(tenant.api.patch("/api/users/" + id, "{\"email\": \"c\u0443@example.com\"}"), 400, "invalid_email");
        assertError(tenant.api.patch("/api/users/" + id, "{\"username\": \"d\u0435e\"}"), 400, "invalid_username");
    }

    @Test
    void error_bodies_never_name_java_types() {
        AuthFixture tenant = new AuthFixture(server);
        for (String body : new String[]{"[]", "{\"name\": []}", "{\"name\": \"x\", \"grantTypes\": \"password\"}",
                "{\"name\": \"x\", \"grantTypes\": [{}]}", "\"text\"", "{\"name\": \"x\", \"grantTypes\": [\"magic\"]}"}) {
            ApiClient.Response refused = tenant.api.post("/api/applications", body);
            assertError(refused, 400, "invalid_request");
            assertThat(refused.body().path("message").asText()).as(body).doesNotContain("io.hookbox").doesNotContain("java.")
                    .doesNotContain("$").doesNotContain("`");
        }
        ApiClient.Response signUp = tenant.anonymous.post(tenant.base() + "/signup", "{\"client_id\": 5, \"email\": {}}");
        assertThat(signUp.body().path("message").asText()).doesNotContain("io.hookbox").doesNotContain("SignUpBody");
    }

    static void assertError(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.error()).as(response.body().toString()).isEqualTo(code);
    }
}
