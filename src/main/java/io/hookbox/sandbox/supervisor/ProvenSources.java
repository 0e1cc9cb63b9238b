package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunResult;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sources ({@link SourceKey}s) seen to run to their end within their limits on this node, the most recently seen
 * kept when there are too many. A hook's own error counts as clean: it proves the code can run without harming a
 * worker; a broken limit does not. Kept in memory only: after a restart every source proves itself again, which
 * costs it something only while hookbox is under attack.
 */
final class ProvenSources {

    static final int MAX_KEPT = 50_000;

    private static final Set<ErrorCode> LIMITS = EnumSet.of(ErrorCode.TIMEOUT, ErrorCode.CPU_LIMIT,
            ErrorCode.MEMORY_LIMIT, ErrorCode.STATEMENT_LIMIT, ErrorCode.OUTPUT_LIMIT, ErrorCode.STACK_OVERFLOW,
            ErrorCode.INTERNAL);

    private final Map<String, Boolean> keys = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_KEPT;
        }
    };

    /** Whether {@code result} ended at one of the sandbox's limits (or in hookbox's own failure, which proves nothing). */
    static boolean brokeALimit(RunResult result) {
        return !result.succeeded() && result.error() != null && LIMITS.contains(result.error().code());
    }

    void add(String sourceKey) {
        keys.put(sourceKey, Boolean.TRUE);
    }

    boolean contains(String sourceKey) {
        return keys.get(sourceKey) != null;
    }
}
