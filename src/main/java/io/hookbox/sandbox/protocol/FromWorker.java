package io.hookbox.sandbox.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunEffects;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;

/** Messages from a worker to the server. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FromWorker.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = FromWorker.Warm.class, name = "warm"),
        @JsonSubTypes.Type(value = FromWorker.Finished.class, name = "finished"),
        @JsonSubTypes.Type(value = FromWorker.Cancelling.class, name = "cancelling"),
        @JsonSubTypes.Type(value = FromWorker.Unstoppable.class, name = "unstoppable"),
        @JsonSubTypes.Type(value = FromWorker.Fetch.class, name = "fetch"),
        @JsonSubTypes.Type(value = FromWorker.SourceMissing.class, name = "sourceMissing"),
        @JsonSubTypes.Type(value = FromWorker.FetchAbort.class, name = "fetchAbort"),
        @JsonSubTypes.Type(value = FromWorker.Query.class, name = "query")})
public sealed interface FromWorker {

    /**
     * Taking work: its engine builds contexts. It may still be warming up, slower until {@link Warm};
     * {@code optimizing} tells whether the Graal compiler is in use.
     */
    record Ready(String engine, boolean optimizing, long pid) implements FromWorker {
    }

    /** The warm-up that went on beside the first runs is over; {@code summary} says what it did. */
    record Warm(String summary) implements FromWorker {
    }

    /**
     * A run is over. {@code unattributed}: the failure may have been caused by another run in this worker, so
     * the server should try once more alone. {@code broken}: this worker should take no more work. {@code effects}: what
     * the host keeps for the run besides its result (which does not carry them over the wire). {@code verdict}: for a
     * step of a {@link ToWorker.Chain} that succeeded, the hook type's objection to its result, or null.
     */
    record Finished(long id, RunResult result, boolean unattributed, boolean broken, RunEffects effects,
                    RunError verdict) implements FromWorker {

        public Finished {
            effects = effects == null ? RunEffects.NONE : effects;
        }

        public Finished(long id, RunResult result, boolean unattributed, boolean broken) {
            this(id, result, unattributed, broken, result == null ? RunEffects.NONE : result.effects(), null);
        }

        /** This message with the type's objection to its result. */
        public Finished withVerdict(RunError objection) {
            return new Finished(id, result, unattributed, broken, effects, objection);
        }

        /** The result with its effects. */
        public RunResult resultWithEffects() {
            return result.withEffects(effects);
        }
    }

    /** A limit was hit and the run is being cancelled for it. */
    record Cancelling(long id, ErrorCode code) implements FromWorker {
    }

    /** A cancelled run keeps running; the worker must be killed to stop it. */
    record Unstoppable(long id, ErrorCode code) implements FromWorker {
    }

    /**
     * Run {@code id} asks the server to send an HTTP request (the hook called fetch); {@code request} numbers it
     * within the run, {@code body} is base64, {@code redirect} is follow, manual or error.
     */
    record Fetch(long id, int request, String method, String url, java.util.List<java.util.List<String>> headers,
                 String body, String redirect) implements FromWorker {
    }

    /** Chain {@code id} named a source by a digest this worker does not hold: the server sends it again, whole. */
    record SourceMissing(long id) implements FromWorker {
    }

    /** The hook aborted one of its requests. */
    record FetchAbort(long id, int request) implements FromWorker {
    }

    /**
     * Run {@code id} asks the host a read-only question ({@code name}, such as users.exists, with the hook's
     * {@code argument}); {@code query} numbers it within the run, in the same series as its requests.
     */
    record Query(long id, int query, String name, String argument) implements FromWorker {
    }
}
