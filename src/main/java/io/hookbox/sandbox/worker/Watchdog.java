package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.FromWorker;
import org.graalvm.polyglot.Context;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Enforces the limits GraalJS community edition cannot enforce itself: wall-clock time, the CPU time and
 * the bytes allocated by the thread running a hook. A run over a limit is cancelled with
 * {@code Context.close(true)} from a separate thread, since closing can block until the guest yields.
 * A run that is still going a while after its cancellation is reported as unstoppable, so the server
 * kills this worker.
 */
final class Watchdog implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long UNSTOPPABLE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(750);

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Set<Invocation> active = ConcurrentHashMap.newKeySet();
    private final RuntimePolicy.Limits limits;
    private final Consumer<FromWorker> events;
    private final ExecutorService cancellers = Executors.newCachedThreadPool(Thread.ofPlatform()
            .name("hookbox-cancel-", 0).daemon(true).factory());
    private final Thread thread;
    private volatile boolean running = true;
    /** True while the watchdog sleeps with nothing to watch; only then must a new run wake it. */
    private volatile boolean idle;

    Watchdog(RuntimePolicy.Limits limits, Consumer<FromWorker> events) {
        this.limits = limits;
        this.events = events;
        threads.setThreadCpuTimeEnabled(true);
        threads.setThreadAllocatedMemoryEnabled(true);
        this.thread = Thread.ofPlatform().name("hookbox-watchdog").daemon(true).start(this::watch);
    }

    /** Starts watching the calling thread's run of {@code context}. */
    Invocation begin(long id, Context context, ConsoleCapture console) {
        Invocation invocation = new Invocation(id, Thread.currentThread(), context, console, System.nanoTime(),
                threads.getCurrentThreadCpuTime(), threads.getCurrentThreadAllocatedBytes());
        active.add(invocation);
        if (idle) {
            LockSupport.unpark(thread);
        }
        return invocation;
    }

    void end(Invocation invocation) {
        active.remove(invocation);
    }

    void cancel(Invocation invocation, ErrorCode reason) {
        if (!invocation.markCancelled(reason)) {
            return;
        }
        events.accept(new FromWorker.Cancelling(invocation.id, invocation.codeFor(reason)));
        cancellers.execute(() -> {
            try {
                invocation.context.close(true);
            } catch (RuntimeException alreadyClosedOrCancelled) {
                // the run ends with its cancellation reason either way
            }
        });
    }

    private void watch() {
        while (running) {
            if (active.isEmpty()) {
                idle = true;
                if (active.isEmpty()) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
                idle = false;
                continue;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
            for (Invocation invocation : active) {
                check(invocation);
            }
        }
    }

    private void check(Invocation invocation) {
        if (invocation.cancelReason() != null) {
            if (invocation.nanosSinceCancel() > UNSTOPPABLE_AFTER_NANOS && invocation.markUnstoppableReported()) {
                events.accept(new FromWorker.Unstoppable(invocation.id, invocation.codeFor(invocation.cancelReason())));
            }
            return;
        }
        long threadId = invocation.thread.threadId();
        if (System.nanoTime() - invocation.startNanos > TimeUnit.MILLISECONDS.toNanos(limits.timeoutMs())) {
            cancel(invocation, ErrorCode.TIMEOUT);
        } else if (threads.getThreadCpuTime(threadId) - invocation.startCpuNanos
                > TimeUnit.MILLISECONDS.toNanos(limits.cpuTimeMs())) {
            cancel(invocation, ErrorCode.CPU_LIMIT);
        } else if (threads.getThreadAllocatedBytes(threadId) - invocation.startAllocatedBytes > limits.maxAllocatedBytes()) {
            cancel(invocation, ErrorCode.MEMORY_LIMIT);
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        cancellers.shutdownNow();
    }
}
