package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One worker JVM as the server sees it: its process and pipes. Reading frames happens on this worker's own thread;
 * what it holds and whether it takes work is the {@link Scheduler}'s business.
 */
final class WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final int STDERR_TAIL_LINES = 20;

    interface Listener {
        void onMessage(WorkerProcess worker, FromWorker message);

        void onExit(WorkerProcess worker);
    }

    final int number;
    private final Process process;
    private final Frames frames;
    private final CompletableFuture<FromWorker.Ready> ready = new CompletableFuture<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    /** The digests of the sources this worker holds, as its own table has them (see {@link SourceDigests}). */
    private final Map<String, Boolean> heldSources = SourceDigests.table();

    private volatile boolean stopping;

    WorkerProcess(int number, Process process, int maxFrameBytes) {
        this.number = number;
        this.process = process;
        this.frames = new Frames(process.getInputStream(), process.getOutputStream(), maxFrameBytes, Integer.MAX_VALUE);
    }

    /** Configures the worker and starts listening; {@link #ready()} completes when it takes runs. */
    void begin(ToWorker.Configure configure, Listener listener) throws IOException {
        Thread.ofPlatform().name("hookbox-worker-" + number + "-stderr").daemon(true).start(this::pumpStderr);
        frames.write(configure);
        Thread.ofPlatform().name("hookbox-worker-" + number + "-reader").daemon(true).start(() -> read(listener));
    }

    CompletableFuture<FromWorker.Ready> ready() {
        return ready;
    }

    void send(ToWorker message) throws IOException {
        frames.write(message);
    }

    /** Sends a chain, each step's source whole only when this worker does not hold it yet. */
    void dispatch(ToWorker.Chain chain) throws IOException {
        synchronized (heldSources) {
            frames.write(chain.withSources(run -> run.digest() == null || heldSources.put(run.digest(), Boolean.TRUE) == null));
        }
    }

    /** Sends a chain again with its sources whole: the worker said it did not hold one of them. */
    void dispatchWhole(ToWorker.Chain chain) throws IOException {
        synchronized (heldSources) {
            chain.steps().stream().map(step -> step.run().digest()).filter(Objects::nonNull)
                    .forEach(digest -> heldSources.put(digest, Boolean.TRUE));
            frames.write(chain);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Whether the pool stopped or killed it, so its exit is expected. */
    boolean isStopping() {
        return stopping;
    }

    void kill() {
        stopping = true;
        frames.closeOutput();
        process.destroyForcibly();
    }

    /** Shuts the worker down politely: it exits when its input closes. */
    void stop() {
        stopping = true;
        frames.closeOutput();
        process.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((exited, timeout) -> process.destroyForcibly());
    }

    List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    private void read(Listener listener) {
        try {
            while (true) {
                FromWorker message;
                try {
                    message = frames.read(FromWorker.class);
                } catch (Frames.BadFrame e) {
                    failRunOf(e, listener);
                    continue;
                }
                if (message == null) {
                    break;
                }
                if (message instanceof FromWorker.Ready hello) {
                    ready.complete(hello);
                } else {
                    listener.onMessage(this, message);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping && process.isAlive()) {
                log.warn("worker {} sent an unreadable message ({}); stopping it", number, e.toString());
            }
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.completeExceptionally(new IOException("worker " + number + " exited with code " + process.exitValue()
                + " before it was ready; its last output: " + String.join(" | ", stderrTail())));
        listener.onExit(this);
    }

    /**
     * A bad frame fails the run it names, not this worker (the frame was skipped whole, so the next one reads fine);
     * one that names no run is logged and dropped, and its run, if any, meets its deadline.
     */
    private void failRunOf(Frames.BadFrame e, Listener listener) {
        if (e.runId() == null) {
            log.warn("worker {} sent an unusable message that names no run ({}); skipped", number, e.getMessage());
            return;
        }
        RunError error = Incident.report("worker " + number + " sent an unusable outcome for run " + e.runId() + ": "
                + e.getMessage(), log::warn);
        listener.onMessage(this, new FromWorker.Finished(e.runId(), RunResult.failure(error, List.of(), 0), false, false));
    }

    private void pumpStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
                log.info("[worker {}] {}", number, line);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    @Override
    public String toString() {
        return "worker " + number + " (pid " + process.pid() + ")";
    }
}
