package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The builders the auth core calls produce data that conforms to each type's schema, for users full and bare. */
class HookDataTest {

    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06.789Z");
    private static final Client CLIENT = new Client("c-123", "Acme Web");
    private static final UserProfile FULL = new UserProfile("zoe.muller@example.com", true, "zoe",
            "Zoë Müller", "Zoë", "Müller", "https://example.com/zoe.png", "+4915112345678",
            (ObjectNode) json("{\"theme\": \"dark\"}"), (ObjectNode) json("{\"plan\": \"pro\", \"roles\": [\"admin\"]}"));
    private static final UserProfile BARE = new UserProfile("bare@example.org", false, null, null, null, null, null, null,
            null, null);
    private static final RequestInfo REQUEST = new RequestInfo(Map.of(), null, null, "2001:db8::1", Map.of());

    @Test
    void preLoginDataFromTheBuilderConforms() {
        for (UserProfile profile : new UserProfile[] {FULL, BARE}) {
            JsonNode data = HookData.preLogin(stored(profile), CLIENT, REQUEST, false, HookData.DATABASE_CONNECTION);
            assertThat(HookTypes.PRE_LOGIN.validate(data)).as(data.toString()).isEmpty();
        }
    }

    @Test
    void postLoginDataFromTheBuilderConforms() {
        for (UserProfile profile : new UserProfile[] {FULL, BARE}) {
            StoredUser user = stored(profile);
            SignInClaims claims = SignInClaims.issue("https://auth.example.com/t/acme", user, CLIENT, "openid profile email phone",
                    NOW, Duration.ofMinutes(10));
            JsonNode data = HookData.postLogin(user, CLIENT, REQUEST, claims);
            assertThat(HookTypes.POST_LOGIN.validate(data)).as(data.toString()).isEmpty();
        }
    }

    @Test
    void registerDataFromTheBuilderConforms() {
        for (UserProfile profile : new UserProfile[] {FULL, BARE}) {
            assertThat(HookTypes.PRE_REGISTER.validate(HookData.preRegister(profile, CLIENT, REQUEST))).isEmpty();
            assertThat(HookTypes.POST_REGISTER.validate(HookData.postRegister(StoredUser.registered("u-1", profile, NOW), CLIENT, REQUEST)))
                    .isEmpty();
        }
    }

    @Test
    void dataOfOneTypeDoesNotPassForAnother() {
        JsonNode preRegister = HookData.preRegister(FULL, CLIENT, REQUEST);
        assertThat(HookTypes.POST_REGISTER.validate(preRegister)).anySatisfy(v -> assertThat(v.message()).contains("id"));
        JsonNode preLogin = HookData.preLogin(stored(FULL), CLIENT, REQUEST, true, HookData.DATABASE_CONNECTION);
        assertThat(HookTypes.POST_LOGIN.validate(preLogin)).isNotEmpty();
    }

    @Test
    void theUserHasEveryFieldPlusAuthNamesWithNullsForWhatIsUnknown() {
        JsonNode user = stored(BARE).toJson();
        assertThat(user.properties()).extracting(Map.Entry::getKey).containsExactly("id", "email", "email_verified", "username",
                "name", "given_name", "family_name", "picture", "phone_number", "user_metadata", "app_metadata", "created_at",
                "updated_at", "last_login", "logins_count", "blocked");
        assertThat(user.path("username").isNull()).isTrue();
        assertThat(user.path("user_metadata")).isEqualTo(json("{}"));
        assertThat(user.path("created_at").asText()).isEqualTo("2026-02-01T00:00:00Z");
    }

    @Test
    void theRequestLosesEveryCredential() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer abc");
        headers.put("Cookie", "sid=1");
        headers.put("X-Api-Key", "k");
        headers.put("User-Agent", "curl/8.5.0");
        RequestInfo request = new RequestInfo(Map.of("client_secret", "s", "ui_locales", "de"),
                (ObjectNode) json("""
                        {"username": "zoe", "password": "hunter2", "client_secret": "s", "refresh_token": "r",
                         "nested": {"new_password": "x", "keep": 1}, "list": [{"apiKey": "k", "ok": true}]}"""),
                "curl/8.5.0", "192.0.2.1", headers);
        assertThat(request.toJson()).isEqualTo(json("""
                {"query": {"ui_locales": "de"},
                 "body": {"username": "zoe", "nested": {"keep": 1}, "list": [{"ok": true}]},
                 "userAgent": "curl/8.5.0", "ip": "192.0.2.1", "headers": {"user-agent": "curl/8.5.0"}}"""));
    }

    @Test
    void idTokenClaimsFollowTheScopeAndTheUser() {
        StoredUser user = stored(FULL);
        SignInClaims openidOnly = SignInClaims.issue("https://auth.example.com/t/acme", user, CLIENT, "openid", NOW, Duration.ofHours(1));
        assertThat(openidOnly.idToken().has("email")).isFalse();
        assertThat(openidOnly.accessToken().toString()).isEqualTo(json("""
                {"iss": "https://auth.example.com/t/acme", "sub": "u-1", "aud": "c-123", "iat": 1770091506, "exp": 1770095106,
                 "scope": "openid"}""").toString());
        SignInClaims bare = SignInClaims.issue("https://a.example.com", stored(BARE), CLIENT, "openid profile email", NOW,
                Duration.ofHours(1));
        assertThat(bare.idToken().has("name")).isFalse();
        assertThat(bare.idToken().path("email").asText()).isEqualTo("bare@example.org");
        assertThat(SignInClaims.RESERVED).contains("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "auth_time", "nonce", "acr",
                "amr", "azp", "client_id", "scope", "email", "email_verified", "phone_number", "preferred_username");
    }

    private static StoredUser stored(UserProfile profile) {
        return new StoredUser("u-1", profile, Instant.parse("2026-02-01T00:00:00Z"), NOW, null, 0, false);
    }
}
