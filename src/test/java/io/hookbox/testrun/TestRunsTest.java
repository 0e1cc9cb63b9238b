package io.hookbox.testrun;

import io.hookbox.hooks.OnError;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.HookTypes;
import io.hookbox.pipeline.HookSource;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestRunsTest {

    private static final String ECHO_EMAIL = "function handle(data, cb) { console.log(data.user.email); cb(null, data); }";

    private final TestRuns runs = new TestRuns(new PipelineRunner(TestRuntime.shared(), HookSource.NONE), HookSource.NONE);

    @Test
    void aHookTestRunTellsTheInputAndTheSeed() {
        TestRuns.HookTestRun run = runs.hook("t1", "pre-login", ECHO_EMAIL, json("77"), null);
        assertThat(run.seed()).isEqualTo(77);
        assertThat(run.input()).isEqualTo(TestContexts.generate(HookTypes.PRE_LOGIN, 77));
        assertThat(run.run().succeeded()).isTrue();
        assertThat(run.run().result().toString()).isEqualTo(run.input().toString());
        assertThat(run.run().console().get(0).message()).isEqualTo(run.input().path("user").path("email").asText());
    }

    @Test
    void withoutASeedOneIsChosenAndReproducesTheInput() {
        TestRuns.HookTestRun first = runs.hook("t1", "post-register", ECHO_EMAIL, null, null);
        TestRuns.HookTestRun again = runs.hook("t1", "post-register", ECHO_EMAIL, json(Long.toString(first.seed())), null);
        assertThat(again.input()).isEqualTo(first.input());
        assertThat(runs.hook("t1", "post-register", ECHO_EMAIL, null, null).input()).isNotEqualTo(first.input());
    }

    @Test
    void pinnedFieldsReachTheHook() {
        TestRuns.HookTestRun run = runs.hook("t1", "pre-register", """
                function handle(data, cb) {
                  if (data.user.email.endsWith('@blocked.example')) return cb(new Error('blocked domain'));
                  cb(null, data);
                }""", null, json("{\"user\": {\"email\": \"eve@blocked.example\"}}"));
        assertThat(run.run().errorCode()).isEqualTo(ErrorCode.HOOK_ERROR);
        assertThat(run.run().error().message()).isEqualTo("blocked domain");
        assertThat(run.input().path("user").path("email").asText()).isEqualTo("eve@blocked.example");
    }

    @Test
    void aTestRunIsHeldToTheSameLimitsAsARealRun() {
        TestRuns.HookTestRun run = runs.hook("t1", "pre-login", "function handle(d, cb) { setTimeout(() => cb(null, d), 60000); }",
                json("1"), null);
        assertThat(run.run().errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(run.input()).isEqualTo(TestContexts.generate(HookTypes.PRE_LOGIN, 1));
    }

    @Test
    void aTestRunRefusesWhatARealFlowRefuses() {
        TestRuns.HookTestRun run = runs.hook("t1", "post-login",
                "function handle(d, cb) { d.context.accessToken.exp = 1; cb(null, d); }", json("3"), null);
        assertThat(run.run().errorCode()).isEqualTo(ErrorCode.FORBIDDEN_CHANGE);
        assertThat(run.run().error().message()).contains("context.accessToken.exp");
    }

    @Test
    void aPipelineTestRunRunsTheTenantsHooksOnTheGeneratedContext() {
        TestRuns pipelines = new TestRuns(new PipelineRunner(TestRuntime.shared(), (tenant, type) -> List.of(
                new PipelineHook("h1", "tag", "function handle(d, cb) { d.user.app_metadata.tagged = true; cb(null, d); }", OnError.DENY, null))),
                HookSource.NONE);
        TestRuns.PipelineTestRun run = pipelines.pipeline("t1", "post-login", json("8"), null, null);
        assertThat(run.type()).isEqualTo("post-login");
        assertThat(run.seed()).isEqualTo(8);
        assertThat(run.input()).isEqualTo(TestContexts.generate(HookTypes.POST_LOGIN, 8));
        assertThat(run.outcome().steps()).hasSize(1);
        assertThat(run.outcome().result().path("user").path("app_metadata").path("tagged").asBoolean()).isTrue();
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> runs.hook("t1", "mid-login", ECHO_EMAIL, null, null)).isInstanceOf(HookboxException.class)
                .hasMessageContaining("unknown hook type");
        assertThatThrownBy(() -> runs.hook("t1", "pre-login", null, null, null)).hasMessageContaining("content");
        assertThatThrownBy(() -> runs.pipeline("t1", "pre-login", json("-3"), null, null)).hasMessageContaining("seed");
        assertThatThrownBy(() -> runs.pipeline("t1", "pre-login", null, json("\"x\""), null)).hasMessageContaining("context");
        assertThatThrownBy(() -> runs.pipeline("t1", "pre-login", null, null, "latest")).hasMessageContaining("'use'");
    }
}
