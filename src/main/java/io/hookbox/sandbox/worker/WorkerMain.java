package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.ToWorker;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;

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
        Frames frames = new Frames(System.in, protocolOut, Integer.MAX_VALUE);
        ToWorker first = frames.read(ToWorker.class);
        if (!(first instanceof ToWorker.Configure config)) {
            log.println("hookbox worker: expected a configure message first, got " + first);
            System.exit(2);
            return;
        }
        RuntimePolicy policy = new RuntimePolicy(config.limits(), config.console(), null, null, config.contexts());
        Sender sender = new Sender(frames, log);
        boolean reuse = policy.contexts().reuse();
        HostCalls hostCalls = new HostCalls(sender::send);
        GuestEngine engine = new GuestEngine(policy.limits(), reuse, new FilterOutputStream(log), hostCalls);
        Watchdog watchdog = new Watchdog(policy.limits(), sender::send);
        ContextCache kept = reuse ? new ContextCache(policy.contexts().maxIdlePerWorker()) : null;
        HookRun hookRun = new HookRun(engine, watchdog, policy, kept);
        warmUp(engine, watchdog, hookRun, config);
        RunExecutor executor = new RunExecutor(engine, watchdog, hookRun, kept, sender::send);
        executor.start(config.threads());
        sender.send(new FromWorker.Ready(engine.implementationName(), engine.optimizing(), ProcessHandle.current().pid()));
        while (true) {
            ToWorker message = frames.read(ToWorker.class);
            if (message == null) {
                System.exit(0);
            }
            if (message instanceof ToWorker.Run run) {
                executor.submit(run);
            } else if (message instanceof ToWorker.FetchDone answer) {
                hostCalls.deliver(answer);
            }
        }
    }

    /** Runs the warm-up; a failure to even build a context means this worker must not start. */
    private static void warmUp(GuestEngine engine, Watchdog watchdog, HookRun hookRun, ToWorker.Configure config)
            throws InterruptedException {
        engine.prepare(watchdog).context().close();
        String warmup = new Warmup(engine, watchdog, hookRun, config.threads()).run(config.warmupRuns(), config.warmupMaxMs());
        System.err.println("hookbox worker: " + warmup);
    }

    /** Sends frames to the server; a broken pipe means the server is gone, so the worker ends. */
    private record Sender(Frames frames, PrintStream log) {
        void send(FromWorker message) {
            try {
                frames.write(message);
            } catch (IOException e) {
                log.println("hookbox worker: the server is gone (" + e.getMessage() + "), exiting");
                System.exit(3);
            }
        }
    }
}
