package io.hookbox.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.LongStream;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestContextsTest {

    static final List<HookType> TYPES = HookTypes.all();

    @ParameterizedTest
    @FieldSource("TYPES")
    void everyGeneratedContextValidatesAgainstItsTypesSchema(HookType type) {
        for (long seed = 0; seed < 500; seed++) {
            JsonNode data = TestContexts.generate(type, seed);
            assertThat(type.validate(data)).as("%s seed %d: %s", type.id(), seed, data).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("TYPES")
    void theSameSeedAlwaysGivesTheSameContext(HookType type) {
        assertThat(TestContexts.generate(type, 42)).isEqualTo(TestContexts.generate(type, 42));
        assertThat(TestContexts.generate(type, Seeds.MAX)).isEqualTo(TestContexts.generate(type, Seeds.MAX));
    }

    @ParameterizedTest
    @FieldSource("TYPES")
    void differentSeedsGiveDifferentUsersRequestsAndClients(HookType type) {
        List<JsonNode> contexts = LongStream.range(1000, 1100).mapToObj(seed -> (JsonNode) TestContexts.generate(type, seed)).toList();
        if (contexts.getFirst().path("user").has("name")) {
            assertThat(distinct(contexts, data -> data.path("user").path("name").asText())).hasSizeGreaterThan(50);
            assertThat(contexts).anyMatch(data -> !data.path("user").path("name").asText().matches("\\p{ASCII}*"));
            assertThat(contexts).anyMatch(data -> data.path("user").path("phone_number").isNull())
                    .anyMatch(data -> data.path("user").path("phone_number").asText().startsWith("+"));
        }
        if (contexts.getFirst().path("user").has("email")) {
            assertThat(distinct(contexts, data -> data.path("user").path("email").asText())).hasSizeGreaterThan(90);
            assertThat(distinct(contexts, data -> data.path("user").path("email").asText().split("@")[1])).hasSizeGreaterThan(5);
        }
        if (contexts.getFirst().path("context").has("clientID")) {
            assertThat(distinct(contexts, data -> data.path("context").path("clientID").asText())).hasSize(100);
        }
        assertThat(distinct(contexts, data -> data.path("context").path("request").path("userAgent").asText())).hasSizeGreaterThan(5);
        Set<String> ips = distinct(contexts, data -> data.path("context").path("request").path("ip").asText());
        assertThat(ips).anyMatch(ip -> ip.contains(":")).anyMatch(ip -> ip.matches("[0-9.]+"));
    }

    @Test
    void contextsHaveTheFieldsOfTheirTypeAndNoOthers() {
        JsonNode preLogin = TestContexts.generate(HookTypes.PRE_LOGIN, 7);
        assertThat(preLogin.path("user").has("id")).isTrue();
        assertThat(preLogin.path("context").has("passwordVerified")).isTrue();
        assertThat(preLogin.path("context").path("connection").asText()).isEqualTo("database");
        assertThat(preLogin.path("context").has("accessToken")).isFalse();
        assertThat(preLogin.path("context").has("idToken")).isFalse();

        JsonNode postLogin = TestContexts.generate(HookTypes.POST_LOGIN, 7);
        JsonNode access = postLogin.path("context").path("accessToken");
        JsonNode id = postLogin.path("context").path("idToken");
        assertThat(access.path("sub")).isEqualTo(postLogin.path("user").path("id"));
        assertThat(access.path("aud")).isEqualTo(postLogin.path("context").path("clientID"));
        assertThat(id.path("sub")).isEqualTo(postLogin.path("user").path("id"));
        assertThat(id.path("email")).isEqualTo(postLogin.path("user").path("email"));
        assertThat(access.path("exp").asLong()).isGreaterThan(access.path("iat").asLong());
        assertThat(access.path("scope").asText()).startsWith("openid");
        assertThat(postLogin.path("context").has("passwordVerified")).isFalse();

        JsonNode preRegister = TestContexts.generate(HookTypes.PRE_REGISTER, 7);
        assertThat(preRegister.path("user").has("id")).isFalse();
        assertThat(preRegister.path("user").has("created_at")).isFalse();
        assertThat(preRegister.path("user").has("logins_count")).isFalse();
        assertThat(preRegister.path("context").has("accessToken")).isFalse();

        JsonNode postRegister = TestContexts.generate(HookTypes.POST_REGISTER, 7);
        assertThat(postRegister.path("user").path("id").asText()).isNotEmpty();
        assertThat(postRegister.path("user").path("logins_count").asLong()).isZero();
        assertThat(postRegister.path("user").path("last_login").isNull()).isTrue();
        assertThat(postRegister.path("user").path("created_at")).isEqualTo(postRegister.path("user").path("updated_at"));
        assertThat(postRegister.path("context").has("idToken")).isFalse();
    }

    @ParameterizedTest
    @FieldSource("TYPES")
    void noSecretReachesAContext(HookType type) {
        for (long seed = 0; seed < 100; seed++) {
            Set<String> keys = new HashSet<>();
            collectKeys(TestContexts.generate(type, seed), keys);
            assertThat(keys).contains("body", "headers").doesNotContain("password", "client_secret", "cookie", "authorization");
        }
    }

    @Test
    void aPinnedContextIsMergedOverTheRandomOne() {
        JsonNode random = TestContexts.generate(HookTypes.POST_LOGIN, 9);
        JsonNode input = TestContexts.input(HookTypes.POST_LOGIN, 9, json("""
                {"user": {"email": "eve@blocked.example", "app_metadata": {"roles": ["auditor"]}},
                 "context": {"accessToken": {"tier": "gold"}, "request": {"ip": "203.0.113.9"}}, "extra": [1, 2]}"""));
        assertThat(input.path("user").path("email").asText()).isEqualTo("eve@blocked.example");
        assertThat(input.path("user").path("id")).isEqualTo(random.path("user").path("id"));
        assertThat(input.path("user").path("app_metadata").path("roles")).isEqualTo(json("[\"auditor\"]"));
        assertThat(input.path("context").path("accessToken").path("tier").asText()).isEqualTo("gold");
        assertThat(input.path("context").path("accessToken").path("sub")).isEqualTo(random.path("context").path("accessToken").path("sub"));
        assertThat(input.path("context").path("request").path("ip").asText()).isEqualTo("203.0.113.9");
        assertThat(input.path("context").path("request").path("headers")).isEqualTo(random.path("context").path("request").path("headers"));
        assertThat(input.path("extra")).isEqualTo(json("[1, 2]"));
    }

    @Test
    void withoutAPinnedContextTheInputIsTheRandomOne() {
        assertThat(TestContexts.input(HookTypes.PRE_LOGIN, 5, null)).isEqualTo(TestContexts.generate(HookTypes.PRE_LOGIN, 5));
    }

    @Test
    void aPinnedContextMustBeAnObject() {
        assertThatThrownBy(() -> TestContexts.input(HookTypes.PRE_LOGIN, 5, json("[1]")))
                .isInstanceOf(HookboxException.class).hasMessageContaining("context");
    }

    private static void collectKeys(JsonNode node, Set<String> keys) {
        node.properties().forEach(field -> keys.add(field.getKey().toLowerCase()));
        node.forEach(child -> collectKeys(child, keys));
    }

    private static Set<String> distinct(List<JsonNode> contexts, Function<JsonNode, String> field) {
        Set<String> values = new HashSet<>();
        contexts.forEach(data -> values.add(field.apply(data)));
        return values;
    }
}
