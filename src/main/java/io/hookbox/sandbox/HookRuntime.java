package io.hookbox.sandbox;

/**
 * Runs untrusted hook sources under the runtime policy. Implementations are thread-safe;
 * nothing a hook does can reach the caller except through the returned {@link RunResult}.
 */
public interface HookRuntime extends AutoCloseable {

    /** Runs the hook and waits for its outcome; never throws for anything the hook does. */
    RunResult run(RunRequest request);

    /**
     * Compiles the source and checks that it defines {@code handle}, without calling it:
     * success, or SYNTAX_ERROR, NO_HANDLE, SOURCE_TOO_LARGE, or the error its top-level code ended with.
     */
    RunResult validate(String tenantId, String source);

    RuntimePolicy policy();

    RuntimeStatus status();

    @Override
    void close();
}
