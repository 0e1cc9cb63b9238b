package io.hookbox.sandbox.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hookbox.sandbox.CacheSnapshot;
import io.hookbox.sandbox.HookPackages;
import io.hookbox.sandbox.RuntimePolicy;

import java.util.Map;

/** Messages from the server to a worker. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ToWorker.Configure.class, name = "configure"),
        @JsonSubTypes.Type(value = ToWorker.Run.class, name = "run"),
        @JsonSubTypes.Type(value = ToWorker.FetchDone.class, name = "fetchDone"),
        @JsonSubTypes.Type(value = ToWorker.QueryDone.class, name = "queryDone")})
public sealed interface ToWorker {

    /** The first message: the limits every run obeys, how many runs may go at once and whether contexts are kept. */
    record Configure(RuntimePolicy.Limits limits, RuntimePolicy.ConsoleLimits console, int threads, int warmupRuns,
                     long warmupMaxMs, RuntimePolicy.Contexts contexts) implements ToWorker {
    }

    /**
     * Run (or, with {@code validateOnly}, just load) a hook; {@code input} is the data as JSON text. {@code reuseScope}:
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
