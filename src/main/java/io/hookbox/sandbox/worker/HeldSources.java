package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;

import java.util.Map;

/**
 * The hook sources this worker holds by digest, touched in the order runs arrive, as the server's copy of this table
 * is (see {@link SourceDigests}). Used by the thread that reads the server's frames only.
 */
final class HeldSources {

    private final Map<String, String> sources = SourceDigests.table();

    /** The run with its source, keeping a source sent whole; null when it names a source this worker does not hold. */
    ToWorker.Run whole(ToWorker.Run run) {
        if (run.source() != null) {
            if (run.digest() != null) {
                sources.put(run.digest(), run.source());
            }
            return run;
        }
        String source = run.digest() == null ? null : sources.get(run.digest());
        return source == null ? null : run.withSource(source);
    }
}
