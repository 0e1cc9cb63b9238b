package io.hookbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.sandbox.RunRequest;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * hookbox through its real path, as the auth server calls it: the HookRuntime API of the worker pool (the repository's
 * sandbox-policy.json: worker processes, limits on, a fresh context per invocation), or the same with
 * {@code contexts.reuse} on, where each source is a stored hook of its own.
 */
final class HookboxEngine implements HookEngine {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "bench";

    private final WorkerPool pool;
    private final String hookKey;

    HookboxEngine(Path home, boolean reuseContexts) {
        RuntimePolicy policy = RuntimePolicy.load(home.resolve("sandbox-policy.json"));
        if (reuseContexts) {
            policy = withContextReuse(policy);
        }
        pool = WorkerPool.start(policy, WorkerLauncher.fromSystemProperties());
        io.hookbox.support.TestRuntime.awaitWarm(pool);
        hookKey = reuseContexts ? "live:hook:bench" : null;
    }

    static RuntimePolicy withContextReuse(RuntimePolicy policy) {
        return new RuntimePolicy(policy.limits(), policy.console(), policy.workers(), policy.queue(),
                new RuntimePolicy.Contexts(true, policy.contexts().maxIdlePerWorker()));
    }

    @Override
    public String invoke(String source, String inputJson) throws IOException {
        return JSON.writeValueAsString(run(source, JSON.readTree(inputJson)));
    }

    /** The data passes from hook to hook as a JSON tree, as the pipeline runner passes it. */
    @Override
    public String pipeline(List<String> sources, String inputJson) throws IOException {
        JsonNode data = JSON.readTree(inputJson);
        for (String source : sources) {
            data = run(source, data);
        }
        return JSON.writeValueAsString(data);
    }

    private JsonNode run(String source, JsonNode data) {
        RunResult result = pool.run(new RunRequest(TENANT, source, data, hookKey));
        if (!result.succeeded()) {
            throw new IllegalStateException("the hook failed: " + result.error());
        }
        return result.result();
    }

    @Override
    public void close() {
        pool.close();
    }
}
