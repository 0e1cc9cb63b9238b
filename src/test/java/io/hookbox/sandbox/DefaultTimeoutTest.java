package io.hookbox.sandbox;

import io.hookbox.sandbox.supervisor.WorkerLauncher;
import io.hookbox.sandbox.supervisor.WorkerPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one test that waits for the real default timeout: hooks get 10 s, as PlusAuth promises. Every other test
 * runs under the short limits of the test policy.
 */
class DefaultTimeoutTest {

    /** One interpreted worker, no spare, no warm-up: it only has to wait, and starts in about a second. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aHookThatNeverCallsBackEndsWithTimeoutAfterTheDefaultTenSeconds() {
        RuntimePolicy repository = RuntimePolicy.load(Path.of("sandbox-policy.json"));
        assertThat(repository.limits().timeoutMs()).isEqualTo(10_000);
        RuntimePolicy.Workers defaults = repository.workers();
        RuntimePolicy oneSmallWorker = new RuntimePolicy(repository.limits(), repository.console(),
                new RuntimePolicy.Workers(1, 1, 256, 0, defaults.killGraceMs(), 0, defaults.quarantineMs(), 0), repository.queue());

        try (WorkerPool pool = WorkerPool.start(oneSmallWorker, WorkerLauncher.fromSystemProperties().interpretedOnly())) {
            long started = System.nanoTime();
            RunResult result = pool.run(new RunRequest("default-timeout",
                    "function handle(data, callback) { setTimeout(() => callback(null, data), 60000); }", json("{}")));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(result.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(result.error().message()).contains("within the timeout of 10000 ms");
            assertThat(result.durationMs()).isGreaterThanOrEqualTo(10_000);
            assertThat(waitedMs).isGreaterThanOrEqualTo(10_000);
        }
    }
}
