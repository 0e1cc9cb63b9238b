package io.hookbox.bench;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog a careful team arms around each invocation of an in-process engine: when the timeout passes it runs
 * the engine's way of stopping the script. Arming and disarming it is part of every measured invocation.
 */
final class InvocationTimer {

    /** hookbox's default timeout (sandbox-policy.json), used for every engine. */
    static final long TIMEOUT_MS = 10_000;

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private InvocationTimer() {
    }

    /** Runs {@code stop} if the invocation is still going after the timeout; close the answer when it ends. */
    static Armed arm(Runnable stop) {
        return new Armed(WATCHDOG.schedule(stop, TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    record Armed(ScheduledFuture<?> task) implements AutoCloseable {
        @Override
        public void close() {
            task.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("bench-watchdog").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
