package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The worker's run threads. Each takes a {@link ToWorker.Chain} and runs its steps one after another, each exactly as a
 * run of its own (its context, limits, watchdog and relays), sending each step's outcome as it ends and handing the
 * next step its data ({@link ChainData}) without asking the server. A run of a hook that left a kept context behind takes it; any other run takes the fresh
 * context its thread prepared as soon as its last fresh one was used, so a run never waits for a context to be built.
 * Threads get a large stack so deep but legitimate recursion works and overflows surface as the guest's RangeError
 * rather than a host failure.
 */
final class RunExecutor {

    static final long STACK_BYTES = 16L << 20;

    private final BlockingQueue<ToWorker.Chain> jobs = new LinkedBlockingQueue<>();
    private final GuestEngine engine;
    private final Watchdog watchdog;
    private final HookRun hookRun;
    private final ContextCache kept;
    private final UnaryOperator<FromWorker> send;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * {@code kept}: the contexts the hook run keeps, or null when every run gets a fresh context. {@code send}: sends a
     * message and answers the one actually sent (an outcome too large to send goes as its failure instead).
     */
    RunExecutor(GuestEngine engine, Watchdog watchdog, HookRun hookRun, ContextCache kept, UnaryOperator<FromWorker> send) {
        this.engine = engine;
        this.watchdog = watchdog;
        this.hookRun = hookRun;
        this.kept = kept;
        this.send = send;
    }

    void start(int threads) {
        for (int i = 0; i < threads; i++) {
            new Thread(null, this::serve, "hookbox-run-" + i, STACK_BYTES).start();
        }
    }

    void submit(ToWorker.Chain job) {
        jobs.add(job);
    }

    /** Whether runs of the server's are waiting or running. */
    boolean busy() {
        return inFlight.get() > 0 || !jobs.isEmpty();
    }

    private void serve() {
        PreparedContext next = prepareOrNull();
        while (true) {
            ToWorker.Chain chain;
            try {
                chain = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            inFlight.incrementAndGet();
            try {
                next = runChain(chain, next);
            } finally {
                inFlight.decrementAndGet();
            }
            if (next == null) {
                next = prepareOrNull();
            }
        }
    }

    /** Runs the chain's steps until one does not go on; answers {@code prepared} if no step used it, else null. */
    private PreparedContext runChain(ToWorker.Chain chain, PreparedContext prepared) {
        ChainData data = new ChainData(chain.type(), chain.input());
        for (int index = 0; index < chain.steps().size(); index++) {
            ToWorker.Chain.Step step = chain.steps().get(index);
            ToWorker.Run job = step.run().withInput(data.text());
            ContextCache.Kept reusable = keptFor(job);
            FromWorker.Finished finished;
            if (reusable != null) {
                finished = finished(job, hookRun.execute(job, reusable.prepared(), reusable.handle()));
            } else {
                finished = runOne(job, prepared);
                prepared = null;
            }
            ChainData.Judged judged = null;
            if (finished.result().succeeded() && !job.validateOnly()) {
                judged = data.judge(step, finished.result());
                finished = finished.withVerdict(judged.verdict());
            }
            FromWorker sent = send.apply(finished);
            if (!(sent instanceof FromWorker.Finished outcome) || !chain.goesOnAfter(index, outcome)) {
                break;
            }
            if (sent == finished && judged != null) {
                data.take(judged);
            }
        }
        return prepared;
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
