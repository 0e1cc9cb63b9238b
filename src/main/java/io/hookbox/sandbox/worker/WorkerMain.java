package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.Incident;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * A worker JVM: the only kind of process that runs tenant code. It reads run requests as frames on stdin
 * and answers on stdout; stdout carries nothing else. It exits when the server closes stdin.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        PrintStream log = System.err;
        System.setOut(log);
        Frames frames = new Frames(System.in, protocolOut, Integer.MAX_VALUE, Integer.MAX_VALUE);
        ToWorker first = frames.read(ToWorker.class);
        if (!(first instanceof ToWorker.Configure config)) {
            log.println("hookbox worker: expected a configure message first, got " + first);
            System.exit(2);
            return;
        }
        frames.limitWrites(Frames.maxWorkerFrameBytes(config.limits(), config.console()));
        RuntimePolicy policy = new RuntimePolicy(config.limits(), config.console(), null, null, config.contexts());
        Sender sender = new Sender(frames, log);
        Thread chains = Thread.ofPlatform().name("hookbox-chains").start(ChainData::prepare);
        boolean reuse = policy.contexts().reuse();
        HostCalls hostCalls = new HostCalls(sender::send);
        GuestEngine engine = new GuestEngine(policy.limits(), reuse, new FilterOutputStream(log), hostCalls);
        Watchdog watchdog = new Watchdog(policy.limits(), sender::send);
        ContextCache kept = reuse ? new ContextCache(policy.contexts().maxIdlePerWorker()) : null;
        HookRun hookRun = new HookRun(engine, watchdog, policy, kept);
        // a worker that cannot even build a context must not start
        engine.prepare(watchdog).context().close();
        RunExecutor executor = new RunExecutor(engine, watchdog, hookRun, kept, sender::send);
        chains.join();
        executor.start(config.threads());
        sender.send(new FromWorker.Ready(engine.implementationName(), engine.optimizing(), ProcessHandle.current().pid()));
        if (config.warmupRuns() > 0) {
            Thread.ofPlatform().name("hookbox-warmup").daemon(true)
                    .start(() -> warmUp(new Warmup(engine, watchdog, hookRun, config.threads(), executor::busy), config, sender));
        }
        HeldSources sources = new HeldSources();
        while (true) {
            ToWorker message;
            try {
                message = frames.read(ToWorker.class);
            } catch (Frames.BadFrame e) {
                // Bad input from the server is not its absence: fail the run the frame names, and go on.
                if (e.runId() != null) {
                    sender.send(new FromWorker.Finished(e.runId(), RunResult.failure(
                            Incident.report("an unreadable run request: " + e.getMessage(), sender::log), List.of(), 0),
                            false, false));
                } else {
                    log.println("hookbox worker: skipped an unreadable frame: " + e.getMessage());
                }
                continue;
            }
            if (message == null) {
                System.exit(0);
            }
            if (message instanceof ToWorker.Chain chain) {
                ToWorker.Chain whole = sources.whole(chain);
                if (whole == null) {
                    sender.send(new FromWorker.SourceMissing(chain.id()));
                } else {
                    executor.submit(whole);
                }
            } else if (message instanceof ToWorker.FetchDone answer) {
                hostCalls.deliver(answer.id(), answer.request(), answer.outcome());
            } else if (message instanceof ToWorker.QueryDone answer) {
                hostCalls.deliver(answer.id(), answer.query(), answer.outcome());
            }
        }
    }

    /** Warms up beside the runs the worker already takes, then tells the server. */
    private static void warmUp(Warmup warmup, ToWorker.Configure config, Sender sender) {
        try {
            String done = warmup.run(config.warmupRuns(), config.warmupMaxMs());
            sender.send(new FromWorker.Warm(done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends frames to the server; a broken pipe means the server is gone, so the worker ends. A run's outcome that
     * cannot be sent (over the frame limit, or not encodable) is replaced by its failure: guest data never makes a
     * frame the server would refuse.
     */
    private record Sender(Frames frames, PrintStream log) {
        /** Sends {@code message}; answers what was sent instead when it could not be, or null when nothing was. */
        FromWorker send(FromWorker message) {
            try {
                frames.write(message);
                return message;
            } catch (Frames.Unwritable e) {
                if (message instanceof FromWorker.Finished finished) {
                    FromWorker.Finished failure = instead(finished, e);
                    write(failure);
                    return failure;
                }
                log("hookbox worker: could not send " + message.getClass().getSimpleName() + ": " + e.getMessage());
                return null;
            } catch (IOException e) {
                serverGone(e);
                return null;
            }
        }

        private FromWorker.Finished instead(FromWorker.Finished finished, Frames.Unwritable e) {
            RunError error = e.oversized()
                    ? RunError.of(ErrorCode.INVALID_RESULT, "the run's outcome (its result, console and error together)"
                            + " is larger than a run may send; " + e.getMessage())
                    : Incident.report("the outcome of run " + finished.id() + " could not be sent: " + e.getMessage(), this::log);
            return new FromWorker.Finished(finished.id(), RunResult.failure(error, List.of(), finished.result().durationMs()),
                    finished.unattributed(), finished.broken());
        }

        private void write(FromWorker message) {
            try {
                frames.write(message);
            } catch (Frames.Unwritable e) {
                log("hookbox worker: could not send even the failure of run: " + e.getMessage());
            } catch (IOException e) {
                serverGone(e);
            }
        }

        private void serverGone(IOException e) {
            log("hookbox worker: the server is gone (" + e.getMessage() + "), exiting");
            System.exit(3);
        }

        void log(String line) {
            log.println(line);
        }
    }
}
