package io.hookbox.sandbox.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hookbox.sandbox.RuntimePolicy;

/** Messages from the server to a worker. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ToWorker.Configure.class, name = "configure"),
        @JsonSubTypes.Type(value = ToWorker.Run.class, name = "run")})
public sealed interface ToWorker {

    /** The first message: the limits every run obeys and how many runs may go at once. */
    record Configure(RuntimePolicy.Limits limits, RuntimePolicy.ConsoleLimits console, int threads, int warmupRuns)
            implements ToWorker {
    }

    /** Run (or, with {@code validateOnly}, just load) a hook; {@code input} is the data as JSON text. */
    record Run(long id, String source, String input, boolean validateOnly) implements ToWorker {
    }
}
