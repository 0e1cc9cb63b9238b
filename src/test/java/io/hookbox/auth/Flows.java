package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.ApiClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * For each hook type, the real flow that runs it over HTTP, and how that flow answers when its hooks let it go on
 * ({@code okStatus}) or stop it ({@code deniedStatus} and {@code deniedError}; the ok answer for types that cannot block).
 */
record Flows(HookType type, Function<AuthFixture, ApiClient.Response> trigger, int okStatus, int deniedStatus, String deniedError) {

    static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger users = new AtomicInteger();

    static final List<Flows> ALL = List.of(
            new Flows(HookTypes.PRE_LOGIN, Flows::login, 200, 403, "access_denied"),
            new Flows(HookTypes.POST_LOGIN, Flows::login, 200, 403, "access_denied"),
            new Flows(HookTypes.PRE_REGISTER_CHECK, Flows::signUp, 201, 400, "hook_rejected"),
            new Flows(HookTypes.PRE_REGISTER, Flows::signUp, 201, 400, "hook_rejected"),
            new Flows(HookTypes.POST_REGISTER, Flows::signUp, 201, 201, null),
            new Flows(HookTypes.CREDENTIALS_EXCHANGE, Flows::clientCredentials, 200, 403, "access_denied"),
            new Flows(HookTypes.PRE_USER_UPDATE, Flows::update, 200, 403, "hook_rejected"),
            new Flows(HookTypes.PRE_USER_DELETE, Flows::delete, 204, 403, "hook_rejected"),
            new Flows(HookTypes.POST_USER_DELETE, Flows::delete, 204, 204, null));

    static Flows of(HookType type) {
        return ALL.stream().filter(flow -> flow.type() == type).findFirst().orElseThrow();
    }

    ApiClient.Response run(AuthFixture tenant) {
        return trigger.apply(tenant);
    }

    /** The executions of this type's hooks in {@code tenant}, once {@code count} are recorded (post types run later). */
    JsonNode executions(AuthFixture tenant, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> tenant.executions("?type=" + type.id() + "&limit=500"), list -> list.size() >= count);
    }

    @Override
    public String toString() {
        return type.id();
    }

    static String newEmail() {
        return "user" + users.incrementAndGet() + "@example.com";
    }

    static String newUser(AuthFixture tenant) {
        ApiClient.Response response = tenant.signUp(newEmail(), PASSWORD, "");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body().path("id").asText();
    }

    private static ApiClient.Response signUp(AuthFixture tenant) {
        return tenant.signUp(newEmail(), PASSWORD, "");
    }

    private static ApiClient.Response login(AuthFixture tenant) {
        String email = newEmail();
        assertThat(tenant.signUp(email, PASSWORD, "").status()).isEqualTo(201);
        return tenant.login(email, PASSWORD);
    }

    private static ApiClient.Response clientCredentials(AuthFixture tenant) {
        return tenant.token(Map.of("grant_type", "client_credentials", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "scope", "read:orders"));
    }

    private static ApiClient.Response update(AuthFixture tenant) {
        return tenant.api.patch("/api/users/" + newUser(tenant), "{\"name\": \"Quinn\"}");
    }

    private static ApiClient.Response delete(AuthFixture tenant) {
        return tenant.api.delete("/api/users/" + newUser(tenant));
    }
}
