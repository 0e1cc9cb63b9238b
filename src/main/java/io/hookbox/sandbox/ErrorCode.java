package io.hookbox.sandbox;

/** Why a run ended in an error. Each limit has its own code so a tenant knows which one to look at. */
public enum ErrorCode {
    /** The hook reported an error: {@code callback(err)}, a throw, or a rejected promise. */
    HOOK_ERROR,
    SYNTAX_ERROR,
    /** The source compiled but defines no {@code handle} function. */
    NO_HANDLE,
    /** The hook's result is not JSON data, or is too large. */
    INVALID_RESULT,
    /** The wall-clock timeout passed, or the hook can never finish (its callback is never called). */
    TIMEOUT,
    CPU_LIMIT,
    MEMORY_LIMIT,
    STATEMENT_LIMIT,
    /** The hook kept writing console output long past the console limits. */
    OUTPUT_LIMIT,
    STACK_OVERFLOW,
    SOURCE_TOO_LARGE,
    /** The data given to the hook is larger than the policy allows. */
    INPUT_TOO_LARGE,
    /** Every worker is busy and the queue is full, or the wait in the queue ran out. */
    BUSY,
    /** hookbox itself failed; not the hook's fault. */
    INTERNAL,
    /** The hook changed a part of the data its hook type does not allow it to change (the message names the paths). */
    FORBIDDEN_CHANGE
}
