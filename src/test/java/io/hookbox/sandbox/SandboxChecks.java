package io.hookbox.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.support.TestRuntime;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What every attack or limit test checks after its run: the host stayed hidden and the runtime still serves. */
final class SandboxChecks {

    private static final AtomicInteger probes = new AtomicInteger();

    /** Words that only the host could have put into a result: Java packages, exceptions, paths, environment. */
    private static final List<String> HOST_MARKERS = hostMarkers();

    private static final AtomicInteger tenants = new AtomicInteger();

    private SandboxChecks() {
    }

    /**
     * A tenant of its own for one attack: an attack that gets a worker killed quarantines its tenant (one run at a
     * time, only at full strength), and the next test case should not wait for that.
     */
    static String freshTenant(String prefix) {
        return prefix + "-" + tenants.incrementAndGet();
    }

    /**
     * Runs an ordinary hook for {@code tenantId} and asserts it gets its own data back, changed as it asked.
     * When attacks have just killed more workers than there were spares, the pool has no free thread until a
     * replacement has warmed up (many seconds on a loaded machine) and answers BUSY, "try again shortly": the
     * probe does, as a client would.
     */
    static void assertStillServes(HookRuntime runtime, String tenantId) {
        int n = probes.incrementAndGet();
        RunRequest probe = new RunRequest(tenantId,
                "function handle(data, callback) { callback(null, {probe: data.probe, doubled: data.probe * 2}); }",
                TestRuntime.json("{\"probe\":" + n + "}"));
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        RunResult result = runtime.run(probe);
        while (result.errorCode() == ErrorCode.BUSY && System.nanoTime() < giveUp) {
            pause();
            result = runtime.run(probe);
        }
        assertThat(result.error()).as("an ordinary hook after the attack").isNull();
        assertThat(result.result()).isEqualTo(TestRuntime.json("{\"probe\":" + n + ",\"doubled\":" + 2 * n + "}"));
    }

    /**
     * Waits until the workers killed by earlier tests have been replaced, so a test starts with the whole pool
     * rather than beside replacements warming up, which take most of a small machine's CPU for a while.
     */
    static void awaitFullStrength(WorkerPool pool) {
        RuntimePolicy.Workers wanted = pool.policy().workers();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < giveUp) {
            RuntimeStatus status = pool.status();
            boolean everyLaneWhole = status.lanes().stream().allMatch(lane -> lane.workersReady() == lane.workersWanted());
            if (everyLaneWhole && status.sparesReady() >= wanted.spares()) {
                return;
            }
            pause();
        }
        throw new AssertionError("the pool did not get back to full strength: " + pool.status());
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool", e);
        }
    }

    /** Asserts that nothing in the run's result, error or console names a host class, path or variable. */
    static void assertLeaksNothingOfTheHost(RunResult result) {
        String text;
        try {
            text = TestRuntime.JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String marker : HOST_MARKERS) {
            assertThat(lower).as("the run's outcome must not mention the host (%s)", marker)
                    .doesNotContain(marker.toLowerCase(Locale.ROOT));
        }
    }

    private static List<String> hostMarkers() {
        List<String> markers = new ArrayList<>(List.of("java.", "javax.", "jdk.", "sun.", "org.graalvm", "com.oracle",
                "truffle", "io.hookbox", ".java:", "Exception", "OutOfMemoryError", "StackOverflowError",
                "NoClassDefFoundError", "hookbox-prelude", "hookbox-lookup", "hookbox-modules"));
        for (String property : List.of("user.dir", "user.home", "java.home")) {
            String value = System.getProperty(property);
            if (value != null && value.length() > 4) {
                markers.add(value);
            }
        }
        for (String variable : List.of("PATH", "JAVA_HOME", "HOME", "HOSTNAME")) {
            String value = System.getenv(variable);
            if (value != null && value.length() > 4) {
                markers.add(value);
            }
        }
        return List.copyOf(markers);
    }
}
