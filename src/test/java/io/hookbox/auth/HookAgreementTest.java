package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.pipeline.PipelineResult;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.pipeline.HookQueries;
import io.hookbox.pipeline.PipelineStep;
import io.hookbox.support.ApiClient;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test run and the real flow give the same verdict for the same hooks and input, for every type: the real flow runs
 * a recorder (which passes its data on unchanged) before the hooks under test, and the recorded input then goes
 * through the test runs' pipeline with the same stored hooks.
 */
class HookAgreementTest {

    static final List<Flows> FLOWS = Flows.ALL;

    private static final String RECORDER = """
            function handle(data, callback) {
              console.log(JSON.stringify(data));
              callback(null, data);
            }""";

    /** Hooks under test: a field the type does not have, a refused change, and an allowed change. */
    private static final List<String> SUBJECTS = List.of(
            "function handle(d, cb) { (d.user || d.context).nickname = 'Ace'; cb(null, d); }",
            """
            function handle(d, cb) {
              if (d.user && d.user.id) d.user.id = 'someone-else';
              else if (d.user) d.user.email = 42;
              else d.context.accessToken.sub = 'someone-else';
              cb(null, d);
            }""",
            "function handle(d, cb) { d.context.request.body.seen = true; cb(null, d); }");

    private final TestServer server = TestServer.shared();
    private final PipelineRunner testRuns = PipelineRunner.forTestRuns(TestRuntime.shared(), server.hooks(), TestRuntime.METRICS,
            HookQueries.NONE);

    @ParameterizedTest
    @FieldSource("FLOWS")
    void a_test_run_and_the_real_flow_agree(Flows flow) throws Exception {
        for (String subject : SUBJECTS) {
            AuthFixture tenant = new AuthFixture(server);
            tenant.hook(flow.type().id(), "recorder", RECORDER);
            tenant.hook(flow.type().id(), "subject", subject);
            ApiClient.Response real = flow.run(tenant);
            JsonNode executions = flow.executions(tenant, 2);
            JsonNode input = TestRuntime.JSON.readTree(execution(executions, "recorder").path("console").get(0).path("message").asText());

            PipelineResult test = testRuns.run(tenant.tenantId, flow.type(), input);

            String why = flow + " / " + subject + ": " + real.body() + " vs " + test;
            assertThat(real.status() != flow.okStatus()).as(why).isEqualTo(test.flowStopped());
            assertThat(test.flowStopped()).as(why).isEqualTo(flow.type().canBlock() && !test.succeeded());
            PipelineStep step = test.steps().getLast();
            JsonNode recorded = execution(executions, "subject");
            assertThat(recorded.path("status").asText()).as(why).isEqualTo(step.run().status().json());
            assertThat(recorded.path("errorCode").asText(null)).as(why)
                    .isEqualTo(step.run().error() == null ? null : step.run().error().code().name());
            if (test.flowStopped()) {
                assertThat(real.body().path("details").path("hookError").asText(real.error())).as(why)
                        .isIn(step.run().error().code().name(), "access_denied");
            }
        }
    }

    @Test
    void a_post_login_hook_that_sets_a_nickname_fails_the_same_way_in_a_test_run_and_a_sign_in() {
        AuthFixture tenant = new AuthFixture(server);
        tenant.hook("post-login", "nickname", "function handle(d, cb) { d.user.nickname = 'Ace'; cb(null, d); }");
        String email = Flows.newEmail();
        tenant.signedUp(email, Flows.PASSWORD);

        ApiClient.Response signIn = tenant.login(email, Flows.PASSWORD);
        assertThat(signIn.status()).isEqualTo(403);
        assertThat(signIn.error()).isEqualTo("access_denied");
        assertThat(signIn.body().path("details").path("hookError").asText()).isEqualTo("INVALID_RESULT");
        assertThat(signIn.body().path("message").asText()).contains("'nickname'", "$.user.nickname");

        JsonNode testRun = tenant.api.post("/api/pipelines/post-login/run", "{}").body();
        assertThat(testRun.path("status").asText()).isEqualTo("error");
        assertThat(testRun.path("flowStopped").asBoolean()).isTrue();
        assertThat(testRun.path("error").path("code").asText()).isEqualTo("INVALID_RESULT");
        assertThat(testRun.path("error").path("message").asText()).isEqualTo(signIn.body().path("message").asText());
    }

    @Test
    void with_on_error_continue_the_nickname_hook_is_passed_over_on_both_paths() throws Exception {
        AuthFixture tenant = new AuthFixture(server);
        String hookId = tenant.hook("post-login", "nickname", """
                function handle(d, cb) { d.user.nickname = 'Ace'; d.context.accessToken.nick = 'Ace'; cb(null, d); }""", "continue");
        tenant.hook("post-login", "tier", "function handle(d, cb) { d.context.accessToken.tier = 'gold'; cb(null, d); }");
        String email = Flows.newEmail();
        tenant.signedUp(email, Flows.PASSWORD);

        ApiClient.Response signIn = tenant.login(email, Flows.PASSWORD);
        assertThat(signIn.status()).isEqualTo(200);
        JsonNode claims = TestRuntime.JSON.readTree(Base64.getUrlDecoder().decode(signIn.body().path("access_token").asText().split("\\.")[1]));
        assertThat(claims.path("tier").asText()).isEqualTo("gold");
        assertThat(claims.has("nick")).isFalse();
        assertThat(tenant.executions("?hookId=" + hookId).get(0).path("continued").asBoolean()).isTrue();

        JsonNode testRun = tenant.api.post("/api/pipelines/post-login/run", "{}").body();
        assertThat(testRun.path("status").asText()).isEqualTo("success");
        assertThat(testRun.path("flowStopped").asBoolean()).isFalse();
        assertThat(testRun.path("steps").get(0).path("continued").asBoolean()).isTrue();
        assertThat(testRun.path("steps").get(0).path("onError").asText()).isEqualTo("continue");
        assertThat(testRun.path("outcome").path("context").path("accessToken").path("tier").asText()).isEqualTo("gold");
        assertThat(testRun.path("outcome").path("context").path("accessToken").has("nick")).isFalse();
        assertThat(testRun.path("outcome").has("user")).isTrue();
        assertThat(testRun.path("outcome").path("user").has("nickname")).isFalse();

        JsonNode single = tenant.api.post("/api/hooks/" + hookId + "/run", "{}").body();
        assertThat(single.path("status").asText()).isEqualTo("error");
        assertThat(single.path("onError").asText()).isEqualTo("continue");
        assertThat(single.path("continued").asBoolean()).isTrue();
    }

    private static JsonNode execution(JsonNode executions, String hookName) {
        List<String> names = new ArrayList<>();
        for (JsonNode execution : executions) {
            if (execution.path("hookName").asText().equals(hookName)) {
                return execution;
            }
            names.add(execution.path("hookName").asText());
        }
        throw new AssertionError("no execution of " + hookName + " among " + names);
    }
}
