package io.hookbox.sandbox.worker;

import io.hookbox.bench.HookEngine;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hookbox worker without its process: the same engine, run threads (contexts prepared ahead), prelude, watchdog
 * and limits, called directly instead of through frames on pipes. Measures what the worker costs apart from the
 * process boundary and the server's pool.
 */
public final class InProcessWorker implements HookEngine {

    private final GuestEngine engine;
    private final Watchdog watchdog;
    private final RunExecutor executor;
    private final Map<Long, CompletableFuture<RunResult>> running = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final boolean reuse;

    public InProcessWorker(RuntimePolicy policy) {
        reuse = policy.contexts().reuse();
        engine = new GuestEngine(policy.limits(), reuse, OutputStream.nullOutputStream());
        watchdog = new Watchdog(policy.limits(), event -> { });
        ContextCache kept = reuse ? new ContextCache(policy.contexts().maxIdlePerWorker()) : null;
        executor = new RunExecutor(engine, watchdog, new HookRun(engine, watchdog, policy, kept), kept, event -> {
            if (event instanceof FromWorker.Finished finished) {
                running.remove(finished.id()).complete(finished.result());
            }
            return event;
        });
        executor.start(policy.workers().threads());
    }

    @Override
    public String invoke(String source, String inputJson) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<RunResult> outcome = new CompletableFuture<>();
        running.put(id, outcome);
        executor.submit(new ToWorker.Chain(id, null, inputJson, List.of(new ToWorker.Chain.Step(
                new ToWorker.Run(id, source, null, false, reuse ? "bench" : null), null, false))));
        RunResult result = outcome.get();
        if (!result.succeeded()) {
            throw new IllegalStateException("the hook failed: " + result.error());
        }
        return Frames.MAPPER.writeValueAsString(result.result());
    }

    /** A worker process simply exits; here its run threads are interrupted, which ends them, then the engine closes. */
    @Override
    public void close() {
        Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("hookbox-run-"))
                .forEach(Thread::interrupt);
        watchdog.close();
        try {
            engine.close();
        } catch (RuntimeException contextsStillOpen) {
            // the prepared contexts of the interrupted threads go with the JVM
        }
    }
}
