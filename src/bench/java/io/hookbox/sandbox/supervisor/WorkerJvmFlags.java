package io.hookbox.sandbox.supervisor;

import java.util.List;

/** The JVM options a hookbox worker starts with (JVMCI, the Graal compiler, GraalJS on the module path, heap, GC). */
public final class WorkerJvmFlags {

    private WorkerJvmFlags() {
    }

    /** The worker's command line between the java binary and its class path, as WorkerLauncher builds it. */
    public static List<String> of(int heapMb) {
        List<String> command = WorkerLauncher.fromSystemProperties().command(heapMb, true, false);
        return List.copyOf(command.subList(1, command.indexOf("-cp")));
    }
}
