package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.sandbox.HostQueries;
import io.hookbox.support.TestServer;
import io.hookbox.templates.HookTemplate;
import io.hookbox.templates.HookTemplates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hooks ask hookbox whether a username is taken ({@code hookbox.users.exists}, an Action's {@code api.users.exists}):
 * about their own tenant's users only, a bounded number of times a run. The ensure-username template relies on it in
 * real sign-ups.
 */
class UsernameQuestionsTest {

    private static final String PASSWORD = "lantern-quiet-meadow";

    private final TestServer server = TestServer.shared();

    @Test
    void the_ensure_username_template_gives_a_second_ada_a_suffixed_username() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("pre-register", "ensure username", template().content());
        assertThat(tenant.signedUp("ada@example.com", PASSWORD).path("username").asText()).isEqualTo("ada");
        assertThat(tenant.signedUp("Ada@example.org", PASSWORD).path("username").asText()).isEqualTo("ada1");
        JsonNode chosen = tenant.signUp("ada@example.net", PASSWORD, "\"username\": \"lovelace\"").body();
        assertThat(chosen.path("username").asText()).isEqualTo("lovelace");
        assertThat(tenant.signedUp("ada@example.info", PASSWORD).path("username").asText()).isEqualTo("ada2");
    }

    @Test
    void a_hook_learns_nothing_of_another_tenants_usernames() {
        AuthFixture victim = new AuthFixture(server);
        victim.signUp("grace@example.com", PASSWORD, "\"username\": \"grace\"");
        AuthFixture attacker = new AuthFixture(server);
        attacker.hook("pre-register", "ensure username", template().content());
        assertThat(attacker.signedUp("grace@example.com", PASSWORD).path("username").asText()).isEqualTo("grace");
        attacker.hook("post-login", "probe", """
                exports.onExecutePostLogin = async (event, api) => {
                  const answers = [];
                  for (const probe of ['grace', 'GRACE', ' grace ', 'nobody']) answers.push(await api.users.exists(probe));
                  api.idToken.setCustomClaim('https://example.com/answers', answers);
                };""");
        JsonNode login = attacker.login("grace@example.com", PASSWORD).body();
        assertThat(claim(login, "https://example.com/answers").toString()).isEqualTo("[true,true,true,false]");
        AuthFixture stranger = new AuthFixture(server);
        stranger.signedUp("alan@example.com", PASSWORD);
        stranger.hook("post-login", "probe", """
                exports.onExecutePostLogin = async (event, api) => {
                  api.idToken.setCustomClaim('https://example.com/grace', await api.users.exists('grace'));
                };""");
        assertThat(claim(stranger.login("alan@example.com", PASSWORD).body(), "https://example.com/grace").asBoolean()).isFalse();
    }

    @Test
    void a_run_may_ask_only_so_many_questions() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("flood@example.com", PASSWORD);
        tenant.hook("post-login", "flood", """
                exports.onExecutePostLogin = async (event, api) => {
                  const asked = [];
                  for (let i = 0; i < 200; i++) asked.push(api.users.exists('user' + i).then(() => 'ok', (e) => e.message));
                  const answers = await Promise.all(asked);
                  api.idToken.setCustomClaim('https://example.com/answered', answers.filter((a) => a === 'ok').length);
                  api.idToken.setCustomClaim('https://example.com/refused', answers.find((a) => a !== 'ok'));
                };""");
        JsonNode login = tenant.login("flood@example.com", PASSWORD).body();
        assertThat(claim(login, "https://example.com/answered").asInt()).isEqualTo(HostQueries.MAX_PER_RUN);
        assertThat(claim(login, "https://example.com/refused").asText()).isEqualTo("a hook may ask at most 25 questions a run");
    }

    private static HookTemplate template() {
        return HookTemplates.all().stream().filter(t -> t.id().equals("ensure-username")).findFirst().orElseThrow();
    }

    private static JsonNode claim(JsonNode tokens, String name) {
        try {
            return io.hookbox.support.TestRuntime.json(com.nimbusds.jwt.SignedJWT.parse(tokens.path("id_token").asText())
                    .getJWTClaimsSet().toString()).path(name);
        } catch (java.text.ParseException e) {
            throw new AssertionError(tokens.toString(), e);
        }
    }
}
