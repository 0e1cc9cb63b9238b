package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.support.TestRuntime;
import io.hookbox.testrun.TestContexts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

class PipelineRunnerTest {

    /** A hook that logs the trail so far and appends its mark to {@code app_metadata.trail}. */
    static final String APPEND = """
            function handle(data, callback) {
              console.log('seen', (data.user.app_metadata.trail || []).join(','));
              data.user.app_metadata.trail = (data.user.app_metadata.trail || []).concat('%s');
              callback(null, data);
            }""";

    @Test
    void hooksRunInTheirOrderEachReceivingThePreviousResult() {
        PipelineRunner runner = runner(hook("h1", "first", APPEND.formatted("first")), hook("h2", "second", APPEND.formatted("second")));
        PipelineResult result = runner.run("t1", HookTypes.PRE_LOGIN, TestContexts.generate(HookTypes.PRE_LOGIN, 1));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.result().path("user").path("app_metadata").path("trail")).isEqualTo(json("[\"first\", \"second\"]"));
        assertThat(result.steps()).extracting(PipelineStep::hookId).containsExactly("h1", "h2");
        assertThat(result.steps()).extracting(PipelineStep::name).containsExactly("first", "second");
        assertThat(result.steps().get(0).run().console().get(0).message()).isEqualTo("seen ");
        assertThat(result.steps().get(1).run().console().get(0).message()).isEqualTo("seen first");
        assertThat(result.steps().get(0).run().result().path("user").path("app_metadata").path("trail")).isEqualTo(json("[\"first\"]"));
    }

    @Test
    void theFirstErrorStopsTheChain() {
        PipelineRunner runner = runner(hook("h1", "ok", APPEND.formatted("one")),
                hook("h2", "deny", "function handle(data, cb) { cb(new Error('not today')); }"),
                hook("h3", "never", APPEND.formatted("three")));
        PipelineResult result = runner.run("t1", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 2));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.result()).isNull();
        assertThat(result.errorCode()).isEqualTo(ErrorCode.HOOK_ERROR);
        assertThat(result.error().message()).isEqualTo("not today");
        assertThat(result.steps()).extracting(PipelineStep::hookId).containsExactly("h1", "h2");
        assertThat(result.steps().get(0).run().succeeded()).isTrue();
        assertThat(result.steps().get(1).run().error().message()).isEqualTo("not today");
    }

    @Test
    void withoutHooksTheDataPassesThroughUnchanged() {
        JsonNode data = TestContexts.generate(HookTypes.PRE_REGISTER, 3);
        PipelineResult result = new PipelineRunner(TestRuntime.shared(), HookSource.NONE).run("t1", HookTypes.PRE_REGISTER, data);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.result()).isEqualTo(data);
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void theSourceIsAskedForTheTenantsHooksOfTheType() {
        List<String> asked = new ArrayList<>();
        new PipelineRunner(TestRuntime.shared(), (tenant, type) -> {
            asked.add(tenant + "/" + type);
            return List.of();
        }).run("acme", HookTypes.POST_REGISTER, json("{}"));
        assertThat(asked).containsExactly("acme/post-register");
    }

    @Test
    void aChangeTheTypeForbidsFailsTheHookAndNamesThePath() {
        PipelineRunner runner = runner(hook("h1", "claims", """
                function handle(data, cb) {
                  data.context.accessToken.tier = 'gold';
                  data.context.idToken.sub = 'someone-else';
                  cb(null, data);
                }"""));
        PipelineResult result = runner.run("t1", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 4));
        assertThat(result.errorCode()).isEqualTo(ErrorCode.FORBIDDEN_CHANGE);
        assertThat(result.error().message()).isEqualTo("the post-login hook 'claims' may not change context.idToken.sub");

        PipelineResult preRegister = runner(hook("h1", "id", "function handle(d, cb) { d.user.id = 'mine'; cb(null, d); }"))
                .run("t1", HookTypes.PRE_REGISTER, TestContexts.generate(HookTypes.PRE_REGISTER, 4));
        assertThat(preRegister.error().message()).startsWith("the pre-register hook 'id' returned data that does not fit the pre-register data: $.user.id:");
    }

    @Test
    void allowedChangesPassOn() {
        PipelineRunner runner = runner(hook("h1", "claims", """
                async function handle(data) {
                  data.context.accessToken.tier = 'gold';
                  data.user.user_metadata.greeted = true;
                  return data;
                }"""));
        PipelineResult result = runner.run("t1", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 5));
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().path("context").path("accessToken").path("tier").asText()).isEqualTo("gold");
    }

    @Test
    void aHookOverItsLimitIsThatHooksErrorAndStopsTheChain() {
        PipelineRunner runner = runner(hook("slow", "never ends", "function handle(d, cb) { setTimeout(() => cb(null, d), 60000); }"),
                hook("h2", "after", APPEND.formatted("two")));
        PipelineResult result = runner.run("t1", HookTypes.PRE_LOGIN, TestContexts.generate(HookTypes.PRE_LOGIN, 6));
        assertThat(result.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(result.steps()).extracting(PipelineStep::hookId).containsExactly("slow");
    }

    private static PipelineRunner runner(PipelineHook... hooks) {
        return new PipelineRunner(TestRuntime.shared(), (tenant, type) -> List.of(hooks));
    }

    private static PipelineHook hook(String id, String name, String content) {
        return new PipelineHook(id, name, content, OnError.DENY, null);
    }
}
