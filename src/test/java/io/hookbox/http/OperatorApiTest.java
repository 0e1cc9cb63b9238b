package io.hookbox.http;

import io.hookbox.hooks.HookStopStore;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators see: liveness, readiness per lane, the Prometheus meters, and a hook marked as stopped. */
class OperatorApiTest {

    private final TestServer server = TestServer.shared();
    private final TestServer.Tenant tenant = server.newTenant();
    private final ApiClient client = tenant.client();

    @Test
    void theServerIsLiveAndReadyWhileEachLaneCanServe() {
        assertThat(server.anonymous().get("/health/live").status()).isEqualTo(200);

        ApiClient.Response ready = server.anonymous().get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("runtime").path("ready").asBoolean()).isTrue();
        assertThat(ready.body().path("runtime").path("warm").asBoolean()).isTrue();
        assertThat(ready.body().path("runtime").path("lanes").findValuesAsText("lane"))
                .containsExactly("production", "test", "confined");
    }

    @Test
    void metricsShowRunsByLaneTypeAndOutcomeInThePrometheusFormat() {
        ApiClient.Response run = client.post("/api/run", """
                {"type": "pre-login", "content": "function handle(data, cb) { cb(null, data); }"}""");
        assertThat(run.body().path("status").asText()).isEqualTo("success");

        System.gc(); // the pool's gauges must outlive a collection
        ApiClient.Response metrics = server.anonymous().get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().get("content-type")).startsWith("text/plain");
        assertThat(metrics.body().asText())
                .contains("hookbox_hook_runs_seconds_count{lane=\"test\",outcome=\"success\",type=\"pre-login\"}")
                .contains("hookbox_sandbox_runs_seconds_bucket{lane=\"test\"")
                .contains("hookbox_queue_length{lane=\"production\"}")
                .contains("hookbox_queue_wait_seconds_count{lane=\"test\"}")
                .contains("hookbox_workers{lane=\"confined\",state=\"serving\"}")
                .contains("hookbox_workers_warm 1.0")
                .contains("hookbox_probation 0.0")
                .contains("hookbox_lane_ready{lane=\"production\"} 1.0");
    }

    @Test
    void metricsTimeTheHooksPartOfASignInByHookType() {
        ApiClient.Response app = client.post("/api/applications", """
                {"name": "metered", "type": "public", "grantTypes": ["password"]}""");
        String clientId = app.body().path("clientId").asText();
        client.post("/api/hooks", """
                {"name": "stamp", "type": "post-login", "content": "function handle(d, cb) { d.user.app_metadata.seen = true; cb(null, d); }"}""");
        String credentials = "\"client_id\": \"" + clientId + "\", \"password\": \"tulip-orbit-canyon\"";
        assertThat(server.anonymous().post("/t/" + tenant.id() + "/signup", "{" + credentials
                + ", \"email\": \"ada@example.com\"}").status()).isEqualTo(201);

        assertThat(server.anonymous().post("/t/" + tenant.id() + "/login", "{" + credentials
                + ", \"username\": \"ada@example.com\"}").status()).isEqualTo(200);

        assertThat(server.anonymous().get("/metrics").body().asText())
                .contains("hookbox_flow_hooks_seconds_count{type=\"post-login\"}")
                .contains("hookbox_flow_hooks_seconds_bucket{type=\"post-login\",le=")
                .contains("hookbox_flow_hooks_seconds_count{type=\"pre-register\"}");
    }

    @Test
    void aStoppedHookSaysSoInTheApiUntilItIsCleared() {
        ApiClient.Response created = client.post("/api/hooks", """
                {"name": "marked", "type": "pre-login", "content": "function handle(d, cb) { cb(null, d); }"}""");
        String id = created.body().path("id").asText();
        assertThat(created.body().path("stoppedAt").isNull()).isTrue();
        HookStopStore stops = new HookStopStore(server.jdbi());
        Instant at = Instant.parse("2026-01-02T03:04:05Z");

        stops.stopped(tenant.id(), id, at, "running past its time limit");
        ApiClient.Response stopped = client.get("/api/hooks/" + id);
        assertThat(Instant.parse(stopped.body().path("stoppedAt").asText())).isEqualTo(at);
        assertThat(stopped.body().path("stoppedReason").asText()).isEqualTo("running past its time limit");
        assertThat(stopped.body().path("version").asLong()).isEqualTo(created.body().path("version").asLong());

        stops.cleared(tenant.id(), id);
        assertThat(client.get("/api/hooks/" + id).body().path("stoppedAt").isNull()).isTrue();
    }
}
