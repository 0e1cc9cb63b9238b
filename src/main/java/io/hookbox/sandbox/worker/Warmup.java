package io.hookbox.sandbox.worker;

import com.sun.management.OperatingSystemMXBean;
import io.hookbox.sandbox.protocol.ToWorker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Warms a new worker up beside the runs it already takes. The corpus runs {@code warmupRuns} times; then, with the optimizing
 * compiler on, it goes on in rounds while the compiler is still busy with what it ran, for at most {@code warmupMaxMs}.
 * Compilation happens in the background: a worker that stopped after a fixed number of runs would take its first
 * requests while its compiler still held most of a core, on the small machines hookbox runs on.
 */
final class Warmup {

    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /**
     * The compiler is done enough when it used less than this share of the worker's CPU time during the last round
     * (a share of the worker's own time, not of a core: workers starting together compete for the cores).
     */
    private static final double SETTLED_COMPILER_SHARE = 0.15;
    private static final String COMPILER_THREAD_PREFIX = "TruffleCompilerThread";
    private static final int MAX_YIELD_MS = 50;

    private final GuestEngine engine;
    private final Watchdog watchdog;
    private final HookRun hookRun;
    private final int threads;
    private final BooleanSupplier serving;
    private final AtomicLong ids = new AtomicLong(-1);
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean process =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** {@code serving}: whether real runs are in flight; the warm-up waits for them, so they keep the CPU it would take. */
    Warmup(GuestEngine engine, Watchdog watchdog, HookRun hookRun, int threads, BooleanSupplier serving) {
        this.serving = serving;
        this.engine = engine;
        this.watchdog = watchdog;
        this.hookRun = hookRun;
        this.threads = Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors()));
    }

    /** Warms up ({@code warmupRuns} at least 1); answers what it did, for the server's log. */
    String run(int warmupRuns, long warmupMaxMs) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(warmupMaxMs);
        int runsPerThread = warmupRuns / threads;
        int[] done = new int[threads];
        inParallel(thread -> done[thread]++ < runsPerThread);
        int rounds = 0;
        boolean settled = !engine.optimizing();
        while (!settled && System.nanoTime() < deadline) {
            long compilerBefore = compilerCpuNanos();
            long processBefore = process.getProcessCpuTime();
            long roundEnd = System.nanoTime() + ROUND_NANOS;
            inParallel(thread -> System.nanoTime() < roundEnd);
            rounds++;
            long processCpu = process.getProcessCpuTime() - processBefore;
            settled = compilerCpuNanos() - compilerBefore < SETTLED_COMPILER_SHARE * processCpu;
        }
        return "warmed up in %d ms: %d runs, then %d rounds of %d ms, %s".formatted(
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), warmupRuns, rounds,
                TimeUnit.NANOSECONDS.toMillis(ROUND_NANOS), settled ? "the compiler settled" : "the compiler still busy");
    }

    /** Runs the corpus on every warm-up thread for as long as {@code another} says, given the thread's number. */
    private void inParallel(IntPredicate another) throws InterruptedException {
        List<Thread> warmers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            warmers.add(new Thread(null, () -> {
                for (int i = 0; another.test(thread); i++) {
                    if (!afterRealRuns()) {
                        return;
                    }
                    String hook = WarmupCorpus.HOOKS.get(i % WarmupCorpus.HOOKS.size());
                    hookRun.execute(new ToWorker.Run(ids.getAndDecrement(), hook, WarmupCorpus.INPUT, false),
                            engine.prepare(watchdog));
                }
            }, "hookbox-warmup-" + t, RunExecutor.STACK_BYTES));
        }
        warmers.forEach(Thread::start);
        for (Thread warmer : warmers) {
            warmer.join();
        }
    }

    /**
     * Waits while real runs are in flight, at most {@link #MAX_YIELD_MS}: under steady traffic the warm-up goes on, a
     * corpus run at a time, and still ends. False when interrupted.
     */
    private boolean afterRealRuns() {
        try {
            for (int waited = 0; waited < MAX_YIELD_MS && serving.getAsBoolean(); waited++) {
                Thread.sleep(1);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long compilerCpuNanos() {
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(COMPILER_THREAD_PREFIX)) {
                total += Math.max(0, threadBean.getThreadCpuTime(thread.threadId()));
            }
        }
        return total;
    }
}
