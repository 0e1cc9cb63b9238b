package io.hookbox.pipeline;

import io.hookbox.sandbox.HostQueries;

/** Who answers hooks' read-only questions to the host: a fresh, bounded answerer for each run. Thread-safe. */
@FunctionalInterface
public interface HookQueries {

    /** Answers no question. */
    HookQueries NONE = tenantId -> HostQueries.NONE;

    /** The answerer of one run of a hook of {@code tenantId}: it answers about that tenant only. */
    HostQueries forRun(String tenantId);
}
