package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The worker's run threads. A run of a hook that left a kept context behind takes it; any other run takes the fresh
 * context its thread prepared as soon as its last fresh one was used, so a run never waits for a context to be built.
 * Threads get a large stack so deep but legitimate recursion works and overflows surface as the guest's RangeError
 * rather than a host failure.
 */
final class RunExecutor {

    static final long STACK_BYTES = 16L << 20;

    private final BlockingQueue<ToWorker.Run> jobs = new LinkedBlockingQueue<>();
    private final GuestEngine engine;
    private final Watchdog watchdog;
    private final HookRun hookRun;
    private final ContextCache kept;
    private final Consumer<FromWorker> events;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code kept}: the contexts the hook run keeps, or null when every run gets a fresh context. */
    RunExecutor(GuestEngine engine, Watchdog watchdog, HookRun hookRun, ContextCache kept, Consumer<FromWorker> events) {
        this.engine = engine;
        this.watchdog = watchdog;
        this.hookRun = hookRun;
        this.kept = kept;
        this.events = events;
    }

    void start(int threads) {
        for (int i = 0; i < threads; i++) {
            new Thread(null, this::serve, "hookbox-run-" + i, STACK_BYTES).start();
        }
    }

    void submit(ToWorker.Run job) {
        jobs.add(job);
    }

    /** Whether runs of the server's are waiting or running. */
    boolean busy() {
        return inFlight.get() > 0 || !jobs.isEmpty();
    }

    private void serve() {
        PreparedContext next = prepareOrNull();
        while (true) {
            ToWorker.Run job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            inFlight.incrementAndGet();
            try {
                ContextCache.Kept reusable = keptFor(job);
                if (reusable != null) {
                    events.accept(finished(job, hookRun.execute(job, reusable.prepared(), reusable.handle())));
                    continue;
                }
                events.accept(runOne(job, next));
            } finally {
                inFlight.decrementAndGet();
            }
            next = prepareOrNull();
        }
    }

    private ContextCache.Kept keptFor(ToWorker.Run job) {
        ContextCache.Key key = ContextCache.Key.of(job);
        return kept == null || key == null ? null : kept.take(key);
    }

    private static FromWorker.Finished finished(ToWorker.Run job, HookRun.Outcome outcome) {
        return new FromWorker.Finished(job.id(), outcome.result(), outcome.unattributed(), outcome.broken());
    }

    private FromWorker.Finished runOne(ToWorker.Run job, PreparedContext prepared) {
        try {
            PreparedContext context = prepared != null ? prepared : engine.prepare(watchdog);
            return finished(job, hookRun.execute(job, context));
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            // The engine cannot even build a context: this worker is broken, the hook is not to blame.
            return new FromWorker.Finished(job.id(), RunResult.failure(Incident.report("the worker's script engine"
                    + " failed to build a context for run " + job.id() + ": " + e, System.err::println), List.of(), 0), true, true);
        }
    }

    private PreparedContext prepareOrNull() {
        try {
            return engine.prepare(watchdog);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            return null;
        }
    }
}
