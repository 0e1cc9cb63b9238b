package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Makes the interpreted workers' ahead-of-time cache (JDK 24+, JEP 483): starts one worker that records the classes
 * it loads, lets it build its engine and warm up on its own sample hooks, closes its input so that it exits normally
 * (the JVM writes what it recorded then), and creates the cache from that record with the workers' own module and
 * class path, which a worker using the cache must have too.
 */
public final class WorkerAotTraining {

    /** Enough runs to load every class a run needs; the cache holds classes, not compiled code. */
    private static final int WARMUP_RUNS = 50;
    private static final long WARMUP_MAX_MS = 30_000;

    private WorkerAotTraining() {
    }

    public static void createCache(WorkerLauncher launcher, RuntimePolicy policy, Path cache, Duration timeout)
            throws IOException, InterruptedException {
        if (!WorkerLauncher.aotSupported()) {
            throw new IOException("the ahead-of-time cache needs JDK 24 or later");
        }
        Path configuration = cache.resolveSibling(cache.getFileName() + "conf");
        Files.deleteIfExists(cache);
        Files.deleteIfExists(configuration);
        int heapMb = policy.workers().heapMb();
        try {
            Process worker = new ProcessBuilder(launcher.recordingCommand(heapMb, configuration))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            warmUp(worker, policy);
            awaitSuccess(worker, timeout, "the recording worker");
            awaitSuccess(new ProcessBuilder(launcher.cacheCreationCommand(heapMb, configuration, cache)).inheritIO().start(),
                    timeout, "creating the workers' cache");
            if (!Files.isRegularFile(cache)) {
                throw new IOException("creating the workers' cache wrote no " + cache);
            }
        } finally {
            Files.deleteIfExists(configuration);
        }
    }

    private static void warmUp(Process worker, RuntimePolicy policy) throws IOException {
        Frames frames = new Frames(worker.getInputStream(), worker.getOutputStream(),
                Frames.maxWorkerFrameBytes(policy.limits(), policy.console()), Integer.MAX_VALUE);
        frames.write(new ToWorker.Configure(policy.limits(), policy.console(), 1, WARMUP_RUNS, WARMUP_MAX_MS, policy.contexts()));
        FromWorker message;
        do {
            message = frames.read(FromWorker.class);
            if (message == null) {
                throw new IOException("the recording worker exited before it warmed up; see its output above");
            }
        } while (!(message instanceof FromWorker.Warm));
        frames.closeOutput();
        // whatever it still sends is dropped: a full pipe would keep it from exiting
        worker.getInputStream().transferTo(OutputStream.nullOutputStream());
    }

    private static void awaitSuccess(Process process, Duration timeout, String what) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " did not end within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed with exit code " + process.exitValue());
        }
    }
}
