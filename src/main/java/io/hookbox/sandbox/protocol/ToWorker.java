package io.hookbox.sandbox.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hookbox.sandbox.CacheSnapshot;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Messages from the server to a worker. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ToWorker.Configure.class, name = "configure"),
        @JsonSubTypes.Type(value = ToWorker.Chain.class, name = "chain"),
        @JsonSubTypes.Type(value = ToWorker.FetchDone.class, name = "fetchDone"),
        @JsonSubTypes.Type(value = ToWorker.QueryDone.class, name = "queryDone")})
public sealed interface ToWorker {

    /** The first message: the limits every run obeys, how many runs may go at once and whether contexts are kept. */
    record Configure(RuntimePolicy.Limits limits, RuntimePolicy.ConsoleLimits console, int threads, int warmupRuns,
                     long warmupMaxMs, RuntimePolicy.Contexts contexts) implements ToWorker {
    }

    /**
     * Run hooks one after another in one worker thread, without asking the server between them: step {@code i} is run
     * {@code id + i}, and answers with its own {@link FromWorker.Finished}; the first step gets {@code input} (JSON text),
     * each later one the result of the last step that succeeded, checked against the hook type {@code type} (its id, or
     * null for no check) and cleared of that step's secrets. The chain stops after the first step that does not
     * {@linkplain #goesOnAfter go on}.
     */
    record Chain(long id, String type, String input, List<Step> steps) implements ToWorker {

        public Chain {
            steps = List.copyOf(steps);
        }

        /** One hook of a chain: its run (its input left null), its name for the type's verdicts, its failure policy. */
        public record Step(Run run, String name, boolean continueOnError) {
        }

        /** This chain with each step's source sent whole or, where {@code whole} says no, named by its digest only. */
        public Chain withSources(Predicate<Run> whole) {
            return new Chain(id, type, input, steps.stream().map(step -> new Step(
                    step.run().withSource(whole.test(step.run()) ? step.run().source() : null), step.name(),
                    step.continueOnError())).toList());
        }

        /**
         * Whether the chain goes on after step {@code index} ended as {@code finished}: not after the last step, nor
         * after a failure the worker may have caused or that broke it, nor after a failure (or a verdict against the
         * result) of a step that does not continue on error. Both sides judge by this, on the same message.
         */
        public boolean goesOnAfter(int index, FromWorker.Finished finished) {
            return goesOn(index + 1 >= steps.size(), steps.get(index).continueOnError(), finished);
        }

        /** {@link #goesOnAfter}, for a step that is the chain's {@code last} or not, of failure policy {@code continueOnError}. */
        public static boolean goesOn(boolean last, boolean continueOnError, FromWorker.Finished finished) {
            if (last || finished.unattributed() || finished.broken()) {
                return false;
            }
            RunResult result = finished.result();
            return result.succeeded() && finished.verdict() == null || continueOnError;
        }
    }

    /**
     * Run (or, with {@code validateOnly}, just load) a hook, as a step of a {@link Chain}; {@code input} is the data as JSON text. {@code reuseScope}:
     * runs of the same source in the same scope may share a kept context; null for a fresh context.
     * {@code packages}: the npm packages the hook may require; {@code secrets}: what it reads as {@code secrets.NAME}.
     * {@code trigger}: how an Auth0 Action or Rule runs as the hook's type (JSON text), or null; {@code cache}: the
     * hook's cache as the run starts, or null for an empty one. {@code digest}: the source's {@link SourceDigests
     * digest}, or null when it is not to be kept; {@code source} is null when the worker already holds the source of
     * that digest.
     */
    record Run(long id, String source, String input, boolean validateOnly, String reuseScope, HookPackages packages,
               Map<String, String> secrets, String trigger, CacheSnapshot cache, String digest) implements ToWorker {

        public Run {
            packages = packages == null ? HookPackages.NONE : packages;
            secrets = secrets == null ? Map.of() : secrets;
        }

        public Run(long id, String source, String input, boolean validateOnly, String reuseScope) {
            this(id, source, input, validateOnly, reuseScope, HookPackages.NONE, Map.of(), null, null, null);
        }

        /** This run with its source sent whole, or, for null, named by its digest only. */
        public Run withSource(String whole) {
            return new Run(id, whole, input, validateOnly, reuseScope, packages, secrets, trigger, cache, digest);
        }

        /** This run with {@code data} (JSON text) as its input, as a chain gives its steps. */
        public Run withInput(String data) {
            return new Run(id, source, data, validateOnly, reuseScope, packages, secrets, trigger, cache, digest);
        }

        public Run(long id, String source, String input, boolean validateOnly) {
            this(id, source, input, validateOnly, null);
        }
    }

    /** The outcome of a run's request, as JSON text for the guest: the response, or {@code {"error": "..."}}. */
    record FetchDone(long id, int request, String outcome) implements ToWorker {
    }

    /** The host's answer to a run's question, as JSON text for the guest: {@code {"value": ...}} or {@code {"error": "..."}}. */
    record QueryDone(long id, int query, String outcome) implements ToWorker {
    }
}
