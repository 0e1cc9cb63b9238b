package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.protocol.SourceDigests;
import io.hookbox.sandbox.protocol.ToWorker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hook sources this worker holds by digest, touched in the order runs arrive, as the server's copy of this table
 * is (see {@link SourceDigests}). Used by the thread that reads the server's frames only.
 */
final class HeldSources {

    private final Map<String, String> sources = SourceDigests.table();

    /** The chain with each step's source, or null when one is named by a digest this worker does not hold. */
    ToWorker.Chain whole(ToWorker.Chain chain) {
        List<ToWorker.Chain.Step> steps = new ArrayList<>(chain.steps().size());
        for (ToWorker.Chain.Step step : chain.steps()) {
            ToWorker.Run run = whole(step.run());
            if (run == null) {
                return null;
            }
            steps.add(new ToWorker.Chain.Step(run, step.name(), step.continueOnError()));
        }
        return new ToWorker.Chain(chain.id(), chain.type(), chain.input(), steps);
    }

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
