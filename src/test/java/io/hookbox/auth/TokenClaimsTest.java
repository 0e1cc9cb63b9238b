package io.hookbox.auth;

import com.nimbusds.jwt.SignedJWT;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import static io.hookbox.auth.IdentitiesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Post-login hooks add custom claims; the standard OIDC and OAuth claims come from the sign-in alone. */
class TokenClaimsTest {

    private static final String PASSWORD = "tulip-orbit-canyon";

    private final TestServer server = TestServer.shared();

    @Test
    void a_hook_cannot_set_the_standard_claims_of_either_token() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("sam@example.com", PASSWORD);
        for (String claim : new String[]{"email", "email_verified", "auth_time", "scope", "client_id", "azp", "nonce", "acr", "amr"}) {
            for (String token : new String[]{"accessToken", "idToken"}) {
                String id = tenant.hook("post-login", "set " + claim, "function handle(d, cb) { d.context." + token + "['" + claim
                        + "'] = 'forged'; cb(null, d); }");
                ApiClient.Response login = tenant.login("sam@example.com", PASSWORD);
                assertError(login, 403, "access_denied");
                assertThat(login.body().path("message").asText()).contains("context." + token + "." + claim);
                assertThat(tenant.api.delete("/api/hooks/" + id).status()).isEqualTo(204);
            }
        }
    }

    @Test
    void custom_claims_are_signed_up_to_a_few_kilobytes_per_token() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("tia@example.com", PASSWORD);
        String id = tenant.hook("post-login", "roles", """
                function handle(d, cb) { d.context.accessToken['https://example.com/roles'] = ['editor']; cb(null, d); }""");
        ApiClient.Response login = tenant.login("tia@example.com", PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        var claims = SignedJWT.parse(login.body().path("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("https://example.com/roles")).containsExactly("editor");
        assertThat(claims.getStringClaim("scope")).isEqualTo(login.body().path("scope").asText());
        tenant.api.delete("/api/hooks/" + id);

        tenant.hook("post-login", "bloat", "function handle(d, cb) { d.context.idToken.blob = 'x'.repeat("
                + SignInClaims.DEFAULT_MAX_CUSTOM_CLAIMS_BYTES + "); cb(null, d); }");
        ApiClient.Response bloated = tenant.login("tia@example.com", PASSWORD);
        assertError(bloated, 403, "invalid_hook_result");
        assertThat(bloated.body().path("message").asText()).contains("idToken").contains(String.valueOf(SignInClaims.DEFAULT_MAX_CUSTOM_CLAIMS_BYTES));
    }
}
