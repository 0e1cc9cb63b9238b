package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.pipeline.HookQueries;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.pipeline.PipelineResult;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.testrun.TestContexts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * scripts/bench pipeline: a test run of five post-login hooks through the pipeline runner, as {@code POST
 * /api/pipelines/.../run} runs it: as one chain (one request to one worker), against the same five hooks run one by
 * one (a round trip each, as before chains), on the same pool, one run at a time, in alternated rounds (chain, one by
 * one, chain...) so that the pool's compilers and collections weigh on both alike.
 */
final class PipelineBench {

    private static final int HOOKS = 5;
    private static final String HOOK = """
            function handle(data, callback) {
              data.user.app_metadata.trail = (data.user.app_metadata.trail || []).concat('%d');
              callback(null, data);
            }""";

    private PipelineBench() {
    }

    /** Arguments: [warm-up runs] [measured runs] [rounds], default 300, 1000 and 10; each is of both forms. */
    static void run(Path home, String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<PipelineHook> hooks = new ArrayList<>();
        for (int i = 1; i <= HOOKS; i++) {
            hooks.add(new PipelineHook("bench-" + i, "step " + i, HOOK.formatted(i), OnError.DENY, null));
        }
        JsonNode data = TestContexts.generate(HookTypes.POST_LOGIN, 1);
        RuntimePolicy policy = RuntimePolicy.load(home.resolve("sandbox-policy.json"));
        System.out.printf("a test run of %d post-login hooks, %d warm-up and %d measured runs each, one at a time, in %d"
                + " alternated rounds; load average %s%n", HOOKS, warmup, count, rounds, BenchMain.loadAverage());
        try (WorkerPool pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties())) {
            io.hookbox.support.TestRuntime.awaitWarm(pool);
            PipelineRunner runner = PipelineRunner.forTestRuns(pool, (tenant, type) -> hooks, new SimpleMeterRegistry(),
                    HookQueries.NONE);
            FetchBench.Step chained = () -> {
                PipelineResult result = runner.run("bench", HookTypes.POST_LOGIN, data);
                if (!result.succeeded()) {
                    throw new IllegalStateException("the benchmark pipeline failed: " + result.error());
                }
            };
            FetchBench.Step oneByOne = () -> {
                JsonNode current = data;
                for (PipelineHook hook : hooks) {
                    RunResult result = runner.runHook("bench", HookTypes.POST_LOGIN, hook.id(), hook.name(), hook.content(), current);
                    if (!result.succeeded()) {
                        throw new IllegalStateException("the benchmark hook failed: " + result.error());
                    }
                    current = result.result();
                }
            };
            long[] dispatches = new long[2];
            FetchBench.Step countedChain = () -> {
                long before = pool.dispatches();
                chained.run();
                dispatches[0] += pool.dispatches() - before;
            };
            FetchBench.Step countedOneByOne = () -> {
                long before = pool.dispatches();
                oneByOne.run();
                dispatches[1] += pool.dispatches() - before;
            };
            FetchBench.alternated(1, warmup, countedChain, countedOneByOne);
            long[][] nanos = FetchBench.alternated(rounds, Math.max(1, count / rounds), countedChain, countedOneByOne);
            FetchBench.report(HOOKS + " hooks as one chain", nanos[0]);
            FetchBench.report(HOOKS + " hooks one by one", nanos[1]);
            System.out.printf("dispatches to workers: %d for %d chained pipelines, %d for as many one by one%n",
                    dispatches[0], warmup + nanos[0].length, dispatches[1]);
        }
        System.out.printf("load average after: %s%n", BenchMain.loadAverage());
    }
}
