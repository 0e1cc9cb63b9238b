package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.RuntimePolicy;
import io.hookbox.sandbox.protocol.Frames;
import io.hookbox.sandbox.protocol.FromWorker;
import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;
import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real worker holds the sources it was sent whole, runs a source named by its digest, and asks for one it lacks. */
class SourcesTravelOnceTest {

    private static final String SOURCE = "function handle(data, cb) { cb(null, {doubled: data.n * 2}); }";

    @Test
    void a_worker_runs_a_source_named_by_digest_once_it_holds_it_and_asks_for_one_it_does_not_hold() throws Exception {
        RuntimePolicy policy = TestRuntime.policy();
        BlockingQueue<FromWorker> received = new LinkedBlockingQueue<>();
        WorkerProcess worker = new WorkerProcess(1, WorkerLauncher.fromSystemProperties().interpretedOnly().start(256, false, false),
                Frames.maxWorkerFrameBytes(policy.limits(), policy.console()));
        try {
            worker.begin(new ToWorker.Configure(policy.limits(), policy.console(), 1, 0, 0, policy.contexts()), new WorkerProcess.Listener() {
                @Override
                public void onMessage(WorkerProcess from, FromWorker message) {
                    received.add(message);
                }

                @Override
                public void onExit(WorkerProcess from) {
                }
            });
            worker.ready().get(2, TimeUnit.MINUTES);

            worker.send(run(1, "{\"n\": 1}").withSources(step -> false));
            assertThat(next(received)).isEqualTo(new FromWorker.SourceMissing(1));

            worker.dispatchWhole(run(1, "{\"n\": 1}"));
            assertThat(resultOf(next(received), 1)).isEqualTo("{\"doubled\":2}");

            worker.dispatch(run(2, "{\"n\": 2}"));
            assertThat(resultOf(next(received), 2)).isEqualTo("{\"doubled\":4}");
        } finally {
            worker.kill();
        }
    }

    private static ToWorker.Chain run(long id, String input) {
        return new ToWorker.Chain(id, null, input, List.of(new ToWorker.Chain.Step(new ToWorker.Run(id, SOURCE, null, false, null,
                HookPackages.NONE, Map.of(), null, null, SourceDigests.of(SOURCE)), null, false)));
    }

    private static FromWorker next(BlockingQueue<FromWorker> received) throws InterruptedException {
        FromWorker message = received.poll(1, TimeUnit.MINUTES);
        assertThat(message).as("a message from the worker").isNotNull();
        return message;
    }

    private static String resultOf(FromWorker message, long id) {
        assertThat(message).isInstanceOf(FromWorker.Finished.class);
        FromWorker.Finished finished = (FromWorker.Finished) message;
        assertThat(finished.id()).isEqualTo(id);
        assertThat(finished.result().error()).isNull();
        return finished.result().result().toString();
    }
}
