package io.hookbox.hooks;

import org.junit.jupiter.api.Test;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

class ChangeRulesTest {

    private static final String REGISTERING = """
            {"user": {"email": "a@example.com", "name": null, "user_metadata": {}}, "context": {"clientID": "c"}}""";
    private static final String SIGNING_IN = """
            {"user": {"id": "u1", "app_metadata": {}}, "context": {"accessToken": {"sub": "u1", "iat": 1770000000, "scope": "openid"},
             "idToken": {"sub": "u1", "iat": 1770000000}}}""";

    @Test
    void preRegisterHooksMayChangeTheProfileButNothingElseOfTheUser() {
        ChangeRules rules = HookTypes.PRE_REGISTER.changes();
        assertThat(rules.refusedChanges(json(REGISTERING), json("""
                {"user": {"email": "A@EXAMPLE.COM", "name": "Ann", "user_metadata": {"x": [1]}, "app_metadata": {"plan": "pro"}},
                 "context": {"clientID": "other"}}"""))).isEmpty();
        assertThat(rules.refusedChanges(json(REGISTERING), json("""
                {"user": {"id": "mine", "email": "a@example.com", "name": null, "user_metadata": {}, "password": "x"},
                 "context": {"clientID": "c"}}"""))).containsExactly("user.id", "user.password");
        assertThat(rules.refusedChanges(json(REGISTERING), json("{\"context\": {}}"))).containsExactly("user");
    }

    @Test
    void postLoginHooksMayAddClaimsButNotTouchReservedOnes() {
        ChangeRules rules = HookTypes.POST_LOGIN.changes();
        assertThat(rules.refusedChanges(json(SIGNING_IN), json("""
                {"user": {"id": "u1", "app_metadata": {"roles": ["admin"]}}, "context": {"accessToken": {"sub": "u1",
                 "iat": 1770000000.0, "scope": "openid", "tier": "gold"}, "idToken": {"sub": "u1", "iat": 1770000000, "nick": "z"}}}"""
        ))).isEmpty();
        assertThat(rules.refusedChanges(json(SIGNING_IN), json("""
                {"user": {"id": "u1"}, "context": {"accessToken": {"sub": "u1", "iat": 1770000000, "scope": "openid admin"},
                 "idToken": {"sub": "u1", "iat": 1770000000}}}"""
        ))).containsExactly("context.accessToken.scope");
        assertThat(rules.refusedChanges(json(SIGNING_IN), json("""
                {"user": {"id": "u1"}, "context": {"accessToken": {"sub": "admin", "iat": 1770000000, "exp": 1, "scope": "openid"},
                 "idToken": {"sub": "u1", "iat": 1770000000, "nbf": 2}}}"""
        ))).containsExactly("context.accessToken.exp", "context.accessToken.sub", "context.idToken.nbf");
        assertThat(rules.refusedChanges(json(SIGNING_IN), json("{\"context\": {\"accessToken\": \"gone\"}}")))
                .contains("context.accessToken.sub", "context.idToken.sub");
    }

    @Test
    void typesThatTakeNothingRefuseNothing() {
        assertThat(HookTypes.PRE_LOGIN.changes().refusedChanges(json(SIGNING_IN), json("{}"))).isEmpty();
        assertThat(HookTypes.POST_REGISTER.changes().mayChange()).isEmpty();
    }

    @Test
    void theFlowTakesOnlyWhatIsUnderTheTakenPaths() {
        ChangeRules rules = HookTypes.POST_LOGIN.changes();
        assertThat(rules.taken(json("""
                {"user": {"id": "u1", "nickname": "Ace", "app_metadata": {"plan": "pro"}},
                 "context": {"accessToken": {"sub": "u1", "tier": "gold"}, "clientID": "c"}, "extra": 1}""")))
                .isEqualTo(json("""
                        {"context": {"accessToken": {"sub": "u1", "tier": "gold"}}, "user": {"app_metadata": {"plan": "pro"}}}"""));
        assertThat(ChangeRules.NOTHING_TAKEN.taken(json(SIGNING_IN))).isEqualTo(json("{}"));
    }
}
