package io.hookbox.pipeline;

import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.sandbox.HookChain;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.RuntimeStatus;
import io.hookbox.testrun.TestContexts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which lane each caller's runs go to, and which stored hook they name; no worker is involved. */
class RunLanesTest {

    private final List<RunRequest> requests = new ArrayList<>();
    private final HookRuntime recording = new HookRuntime() {
        @Override
        public RunResult run(RunRequest request) {
            requests.add(request);
            return RunResult.success(request.data(), List.of(), 0);
        }

        @Override
        public List<HookChain.Ran> runChain(HookChain chain) {
            JsonNode data = chain.data();
            List<HookChain.Ran> ran = new ArrayList<>();
            for (HookChain.Step step : chain.steps()) {
                requests.add(step.run());
                ran.add(new HookChain.Ran(RunResult.success(data, List.of(), 0), null, Instant.now(), 0));
            }
            return ran;
        }

        @Override
        public RunResult validate(String tenantId, String source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RuntimePolicy policy() {
            return RuntimePolicy.DEFAULT;
        }

        @Override
        public RuntimeStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    };
    private final HookSource stored = (tenant, type) -> List.of(new PipelineHook("h1", "first", "function handle(d, cb) { cb(null, d); }", OnError.DENY, 1));

    @Test
    void realFlowsRunInProductionNamingTheirStoredHooks() {
        new PipelineRunner(recording, stored, new SimpleMeterRegistry())
                .run("acme", HookTypes.PRE_LOGIN, TestContexts.generate(HookTypes.PRE_LOGIN, 1));

        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.lane()).isEqualTo(Lane.PRODUCTION);
            assertThat(request.hookId()).isEqualTo("h1");
        });
    }

    @Test
    void testRunsOfStoredHooksAndDraftsRunInTheTestLane() {
        PipelineRunner testRuns = PipelineRunner.forTestRuns(recording, stored, new SimpleMeterRegistry(), HookQueries.NONE);
        testRuns.run("acme", HookTypes.PRE_LOGIN, TestContexts.generate(HookTypes.PRE_LOGIN, 1));
        testRuns.runHook("acme", HookTypes.PRE_LOGIN, null, null, "function handle(d, cb) { cb(null, d); }",
                TestContexts.generate(HookTypes.PRE_LOGIN, 2));

        assertThat(requests).extracting(RunRequest::lane).containsExactly(Lane.TEST, Lane.TEST);
        assertThat(requests).extracting(RunRequest::hookId).containsExactly("h1", null);
    }
}
