package io.hookbox.auth;

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

    private static TestServer nodeA;
    private static TestServer nodeB;

    @BeforeAll
    static void start(@TempDir Path dataDir) {
        String database = Backend.POSTGRESQL.jdbcUrl(dataDir);
        nodeA = TestServer.onDatabase(database);
        nodeB = TestServer.onDatabase(database);
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
