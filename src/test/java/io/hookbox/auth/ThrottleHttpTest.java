package io.hookbox.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.http.Exposure;
import io.hookbox.http.TrustedProxies;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.hookbox.auth.IdentitiesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in and sign-up throttles over HTTP, behind a trusted proxy (the test client on loopback) that forwards
 * each simulated client's address in X-Forwarded-For or Forwarded.
 */
class ThrottleHttpTest {

    private static final String PASSWORD = "tulip-orbit-canyon";
    /** The default budgets, with a first wait long enough for a slow machine. */
    private static final LoginThrottle.Policy POLICY = new LoginThrottle.Policy(5, 50, 30, 10, Duration.ofMinutes(1),
            Duration.ofMinutes(15), Duration.ofMinutes(15));
    private static final int FREE = POLICY.freeFailures();

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, new Exposure(Optional.empty(), true, TrustedProxies.parse("127.0.0.1, ::1")), POLICY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whitespace_case_and_width_variants_of_a_login_share_one_budget() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("bob@example.com", PASSWORD);
        ApiClient client = from("203.0.113.7", tenant);
        for (int i = 0; i < FREE; i++) {
            assertThat(login(client, tenant, "bob@example.com", "wrong-password").status()).isEqualTo(401);
        }
        for (String variant : List.of("bob@example.com", " bob@example.com", "bob@example.com ", "\tBOB@example.com",
                "bob@example.com\u3000", "ｂｏｂ@example.com")) {
            assertError(login(client, tenant, variant, "wrong-password"), 429, "too_many_attempts");
            assertError(login(client, tenant, variant, PASSWORD), 429, "too_many_attempts");
        }
    }

    @Test
    void a_stranger_cannot_lock_the_owner_out_and_one_proxy_does_not_make_all_clients_one() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("eve-target@example.com", PASSWORD);
        ApiClient stranger = from("198.51.100.66", tenant);
        for (int i = 0; i < FREE + 2; i++) {
            login(stranger, tenant, "eve-target@example.com", "guess-" + i);
        }
        assertError(login(stranger, tenant, "eve-target@example.com", PASSWORD), 429, "too_many_attempts");

        ApiClient owner = tenant.anonymous.withHeader("Forwarded", "for=\"[2001:db8::5]:4711\";proto=https");
        assertThat(login(owner, tenant, "eve-target@example.com", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void forwarding_headers_from_an_untrusted_peer_are_ignored() throws Exception {
        try (TestServer direct = TestServer.start(dataDir.resolve("direct"), Exposure.forDevelopment(), POLICY)) {
            AuthFixture tenant = new AuthFixture(direct);
            tenant.signedUp("kai@example.com", PASSWORD);
            for (int i = 0; i < FREE; i++) {
                login(from("192.0.2." + i, tenant), tenant, "kai@example.com", "wrong-password");
            }
            assertError(login(from("192.0.2.200", tenant), tenant, "kai@example.com", PASSWORD), 429, "too_many_attempts");
        }
    }

    @Test
    void simultaneous_guesses_get_no_more_tries_than_one_after_another() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        tenant.signedUp("race@example.com", PASSWORD);
        ApiClient client = from("203.0.113.99", tenant);
        List<Integer> statuses;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> guesses = java.util.stream.IntStream.range(0, 12)
                    .mapToObj(i -> threads.submit(() -> login(client, tenant, "race@example.com", "guess-" + i).status())).toList();
            statuses = guesses.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(statuses.stream().filter(status -> status == 401).count()).isEqualTo(FREE);
        assertThat(statuses.stream().filter(status -> status == 429).count()).isEqualTo(12 - FREE);
    }

    @Test
    void logins_and_emails_over_320_characters_are_refused_everywhere() {
        AuthFixture tenant = new AuthFixture(server);
        String huge = "a".repeat(321);
        assertError(login(tenant.anonymous, tenant, huge, PASSWORD), 400, "invalid_request");
        ApiClient.Response grant = tenant.token(java.util.Map.of("grant_type", "password", "client_id", tenant.clientId,
                "client_secret", tenant.clientSecret, "username", huge, "password", PASSWORD));
        assertThat(grant.status()).isEqualTo(400);
        assertThat(grant.body().path("error").asText()).isEqualTo("invalid_request");
        assertError(tenant.signUp(huge + "@example.com", PASSWORD, ""), 400, "invalid_email");
        assertError(tenant.signUp("ok@example.com", PASSWORD, "\"username\": \"" + huge + "\""), 400, "invalid_username");
    }

    @Test
    void sign_ups_are_limited_per_client_address() {
        AuthFixture tenant = new AuthFixture(server);
        ApiClient client = from("203.0.113.50", tenant);
        for (int i = 0; i < POLICY.freeSignUps(); i++) {
            assertThat(signUp(client, tenant, "many" + i + "@example.com").status()).isEqualTo(201);
        }
        ApiClient.Response limited = signUp(client, tenant, "one-more@example.com");
        assertError(limited, 429, "too_many_attempts");
        assertThat(limited.headers().get("retry-after")).isNotNull();
        assertThat(signUp(from("203.0.113.51", tenant), tenant, "one-more@example.com").status()).isEqualTo(201);
    }

    private static ApiClient from(String address, AuthFixture tenant) {
        return tenant.anonymous.withHeader("X-Forwarded-For", address + ", 127.0.0.1");
    }

    private static ApiClient.Response login(ApiClient client, AuthFixture tenant, String username, String password) {
        ObjectNode body = TestRuntime.JSON.createObjectNode().put("client_id", tenant.clientId)
                .put("client_secret", tenant.clientSecret).put("username", username).put("password", password);
        return client.post(tenant.base() + "/login", body.toString());
    }

    private static ApiClient.Response signUp(ApiClient client, AuthFixture tenant, String email) {
        ObjectNode body = TestRuntime.JSON.createObjectNode().put("client_id", tenant.clientId).put("email", email)
                .put("password", PASSWORD);
        return client.post(tenant.base() + "/signup", body.toString());
    }
}
