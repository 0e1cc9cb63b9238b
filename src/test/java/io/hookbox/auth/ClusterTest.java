package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.hookbox.hooks.Hook;
import io.hookbox.hooks.NewHook;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Backend;
import io.hookbox.support.TestServer;
import io.hookbox.tenants.CreatedTenant;
import io.hookbox.tenants.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two hookbox nodes (two composition roots in this JVM) on one PostgreSQL database: any node answers alike. */
class ClusterTest {

    private static final String PASSWORD = "tulip-orbit-canyon";
    private static final Duration PROPAGATION = Duration.ofSeconds(1);
    private static final String CONTENT = "function handle(data, callback) { callback(null, data); }";

    /** The default budgets, with a first wait long enough that a slow machine's next attempt still meets it. */
    private static final LoginThrottle.Policy THROTTLING = new LoginThrottle.Policy(5, 50, 30, 100_000,
            Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(15));

    private static TestServer nodeA;
    private static TestServer nodeB;

    @BeforeAll
    static void start(@TempDir Path dataDir) {
        String database = Backend.POSTGRESQL.jdbcUrl(dataDir);
        nodeA = TestServer.onDatabase(database, THROTTLING);
        nodeB = TestServer.onDatabase(database, THROTTLING);
    }

    @AfterAll
    static void stop() {
        for (TestServer node : new TestServer[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void a_hook_saved_on_one_node_runs_in_a_sign_in_on_the_other_which_signs_with_the_same_key() throws Exception {
        AuthFixture tenant = new AuthFixture(nodeA);
        tenant.signedUp("cy@example.com", PASSWORD);
        tenant.hook("post-login", "roles", """
                function handle(data, callback) {
                  data.context.accessToken.roles = ['editor'];
                  callback(null, data);
                }""");
        ApiClient onB = nodeB.anonymous();

        // hooks are read from the database on every run: the very next sign-in on B runs it, no window at all
        ApiClient.Response login = tenant.login(onB, "cy@example.com", PASSWORD);

        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        assertThat(SignedJWT.parse(login.body().path("access_token").asText()).getJWTClaimsSet()
                .getStringListClaim("roles")).containsExactly("editor");
        String jwksPath = tenant.base() + "/.well-known/jwks.json";
        assertThat(onB.get(jwksPath).body()).isEqualTo(nodeA.anonymous().get(jwksPath).body());
    }

    @Test
    void hooks_reordered_and_disabled_on_one_node_change_the_very_next_sign_in_on_the_other() throws Exception {
        AuthFixture tenant = new AuthFixture(nodeA);
        tenant.signedUp("di@example.com", PASSWORD);
        String first = tenant.hook("post-login", "first", addRole("first"));
        String second = tenant.hook("post-login", "second", addRole("second"));
        ApiClient onB = nodeB.anonymous();
        assertThat(roles(tenant.login(onB, "di@example.com", PASSWORD))).containsExactly("first", "second");

        ApiClient.Response reordered = tenant.api.put("/api/hooks/order",
                "{\"type\": \"post-login\", \"ids\": [\"" + second + "\", \"" + first + "\"]}");
        assertThat(reordered.status()).as(reordered.body().toString()).isEqualTo(200);
        assertThat(roles(tenant.login(onB, "di@example.com", PASSWORD))).containsExactly("second", "first");

        long version = tenant.api.get("/api/hooks/" + first).body().path("version").asLong();
        ApiClient.Response disabled = tenant.api.patch("/api/hooks/" + first, "{\"enabled\": false, \"version\": " + version + "}");
        assertThat(disabled.status()).as(disabled.body().toString()).isEqualTo(200);
        assertThat(roles(tenant.login(onB, "di@example.com", PASSWORD))).containsExactly("second");
    }

    @Test
    void after_a_rotation_on_one_node_the_other_signs_with_the_new_key_and_both_publish_the_same_keys() throws Exception {
        AuthFixture tenant = new AuthFixture(nodeA);
        tenant.signedUp("ro@example.com", PASSWORD);
        String before = SignedJWT.parse(tenant.login(nodeB.anonymous(), "ro@example.com", PASSWORD).body()
                .path("access_token").asText()).getHeader().getKeyID();

        ApiClient.Response rotated = nodeA.admin().post("/api/admin/tenants/" + tenant.tenantId + "/signing-keys/rotate", "");
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);

        String after = SignedJWT.parse(tenant.login(nodeB.anonymous(), "ro@example.com", PASSWORD).body()
                .path("access_token").asText()).getHeader().getKeyID();
        assertThat(after).isEqualTo(rotated.body().path("kid").asText()).isNotEqualTo(before);
        String jwksPath = tenant.base() + "/.well-known/jwks.json";
        JWKSet onA = JWKSet.parse(nodeA.anonymous().get(jwksPath).body().toString());
        JWKSet onB = JWKSet.parse(nodeB.anonymous().get(jwksPath).body().toString());
        assertThat(onB.toString()).isEqualTo(onA.toString());
        assertThat(onB.getKeys()).extracting(JWK::getKeyID).containsExactly(after, before);
    }

    @Test
    void the_login_throttle_counts_failures_on_both_nodes_against_one_budget() {
        AuthFixture tenant = new AuthFixture(nodeA);
        tenant.signedUp("th@example.com", PASSWORD);
        for (int i = 0; i < THROTTLING.freeFailures(); i++) {
            TestServer node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(tenant.login(node.anonymous(), "th@example.com", "wrong-" + i).status()).isEqualTo(401);
        }

        for (TestServer node : List.of(nodeA, nodeB)) {
            IdentitiesTest.assertError(tenant.login(node.anonymous(), "th@example.com", PASSWORD), 429, "too_many_attempts");
        }
    }

    @Test
    void a_post_register_hook_runs_once_for_each_sign_up_whichever_node_served_it() {
        AuthFixture tenant = new AuthFixture(nodeA);
        String hookId = tenant.hook("post-register", "welcome", """
                function handle(data, callback) {
                  console.log('welcome ' + data.user.email);
                  callback(null, data);
                }""");
        assertThat(tenant.signUp("pa@example.com", PASSWORD, "").status()).isEqualTo(201);
        ApiClient.Response onB = nodeB.anonymous().post(tenant.base() + "/signup", "{\"client_id\": \"" + tenant.clientId
                + "\", \"email\": \"pb@example.com\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(onB.status()).as(onB.body().toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> tenant.executions("?hookId=" + hookId).size() == 2);
        // one node claims each sign-up's delivery, whichever served it: nothing more comes
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> tenant.executions("?hookId=" + hookId).size() == 2);
        JsonNode executions = tenant.executions("?hookId=" + hookId);
        assertThat(executions.findValuesAsText("flowId")).doesNotHaveDuplicates();
        assertThat(executions.findValues("console").stream().map(JsonNode::toString))
                .anySatisfy(console -> assertThat(console).contains("welcome pa@example.com"))
                .anySatisfy(console -> assertThat(console).contains("welcome pb@example.com"));
    }

    @Test
    void a_key_revoked_on_one_node_is_refused_on_the_other_within_a_second() {
        CreatedTenant tenant = nodeA.tenants().create("cluster-" + UUID.randomUUID().toString().substring(0, 8), "Cluster");
        ApiClient onB = nodeB.withKey(tenant.apiKey());
        assertThat(onB.get("/api/hooks").status()).isEqualTo(200);
        Tenant.Key key = nodeA.tenants().list().stream().filter(t -> t.id().equals(tenant.id())).findFirst().orElseThrow()
                .keys().getFirst();

        nodeA.tenants().revokeKey(tenant.id(), key.id());

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(onB.get("/api/hooks").status()).isEqualTo(401));
    }

    @Test
    void a_tenant_deleted_on_one_node_is_gone_on_the_other_within_a_second() {
        CreatedTenant tenant = nodeA.tenants().create("cluster-" + UUID.randomUUID().toString().substring(0, 8), "Cluster");
        ApiClient onB = nodeB.withKey(tenant.apiKey());
        assertThat(onB.get("/api/hooks").status()).isEqualTo(200);

        nodeA.tenants().delete(tenant.id());

        await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(onB.get("/api/hooks").status()).isEqualTo(401));
    }

    private static String addRole(String role) {
        return """
                function handle(data, callback) {
                  data.context.accessToken.roles = (data.context.accessToken.roles || []).concat(['%s']);
                  callback(null, data);
                }""".formatted(role);
    }

    private static List<String> roles(ApiClient.Response login) throws Exception {
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        return SignedJWT.parse(login.body().path("access_token").asText()).getJWTClaimsSet().getStringListClaim("roles");
    }

    /** Both nodes take the tenant's row lock (SELECT ... FOR UPDATE) in the database before changing its hooks. */
    @Test
    void concurrent_reorders_on_both_nodes_keep_the_order_dense() throws Exception {
        String tenantId = nodeA.newTenant().id();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(nodeA.hooks().create(tenantId, new NewHook("hook-" + i, null, "pre-login", CONTENT, true, null, null), null).id());
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                TestServer node = client % 2 == 0 ? nodeA : nodeB;
                Random random = new Random(client);
                clients.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 15; round++) {
                        List<String> order = new ArrayList<>(ids);
                        Collections.shuffle(order, random);
                        if (round % 3 == 0) {
                            node.hooks().move(tenantId, order.getFirst(), random.nextInt(order.size()), null);
                        } else {
                            node.hooks().reorder(tenantId, "pre-login", order, null);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (TestServer node : List.of(nodeA, nodeB)) {
            List<Hook> hooks = node.hooks().list(tenantId, Optional.of("pre-login"));
            assertThat(hooks).extracting(Hook::position).containsExactlyElementsOf(IntStream.range(0, ids.size()).boxed().toList());
            assertThat(hooks).extracting(Hook::id).containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
