package io.hookbox.sandbox;

import java.util.List;

/**
 * Runs untrusted hook sources under the runtime policy. Implementations are thread-safe;
 * nothing a hook does can reach the caller except through the returned {@link RunResult}.
 */
public interface HookRuntime extends AutoCloseable {

    /** Runs the hook and waits for its outcome; never throws for anything the hook does. */
    RunResult run(RunRequest request);

    /**
     * Runs the chain's steps in order as one request to one worker, and waits until it ends: the steps that ran, in
     * order (at least one). The chain may end before a step it could have gone on to (its worker was lost, a step could
     * not be sent); the caller then runs the rest as a new chain. Never throws for anything the hooks do.
     */
    List<HookChain.Ran> runChain(HookChain chain);

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
