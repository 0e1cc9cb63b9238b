package io.hookbox.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.data.SampleFacts;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;
import io.hookbox.schema.DataSchema;
import io.hookbox.schema.Violation;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A point in the flows where a tenant's hooks run, and everything about it: when it runs ({@code description}),
 * whether an error from one of its hooks stops the flow and how the flow then answers ({@code denial}; null for a
 * type whose errors are only logged), what its hooks may change and what the flow takes from the final data
 * ({@code changes}), the shape of the {@code data} they receive, how to build a sample of that data (through the same
 * builders the flow uses), the commented example a new hook of the type starts from ({@code example}), and the Auth0
 * Action trigger that runs as this type ({@code action}; null when Auth0 has none for it).
 */
public record HookType(String id, String title, String description, Denial denial, ChangeRules changes,
                       DataSchema dataSchema, Sample sample, List<String> example, ActionTrigger action) {

    /** Builds a {@code data} of this type from the given facts, through the same builders the flow uses. */
    @FunctionalInterface
    public interface Sample {
        ObjectNode build(SampleFacts facts);
    }

    public HookType {
        example = List.copyOf(example);
    }

    /** A type that Auth0 Actions cannot be written for. */
    public HookType(String id, String title, String description, Denial denial, ChangeRules changes,
                    DataSchema dataSchema, Sample sample, List<String> example) {
        this(id, title, description, denial, changes, dataSchema, sample, example, null);
    }

    /** What the worker's adapter needs to run an Auth0 Action or Rule as this type (or to refuse one), as JSON text. */
    public String actionPlan() {
        return (action == null ? new ActionTrigger(id, null, List.of(), List.of()) : action).plan().toString();
    }

    /** Whether an error from one of its hooks stops the flow; otherwise it is logged and the flow goes on. */
    public boolean canBlock() {
        return denial != null;
    }

    public ObjectNode sample(SampleFacts facts) {
        return sample.build(facts);
    }

    /** How {@code data} breaks this type's schema; empty when it conforms. */
    public List<Violation> validate(JsonNode data) {
        return dataSchema.validate(data);
    }

    /**
     * What is wrong with a hook's result {@code after}, given the data {@code before} it: {@code INVALID_RESULT} when it
     * breaks the type's schema, {@code FORBIDDEN_CHANGE} when it changes what the type refuses; empty when the result
     * may go on. A hook answers only for what it did: a violation the data already had (a pinned test value, an
     * address the schema's format is stricter about than sign-up was) is not its doing. {@code hook} names the hook.
     */
    public Optional<RunError> checkResult(String hook, JsonNode before, JsonNode after) {
        List<Violation> inherited = validate(before);
        List<Violation> violations = validate(after).stream().filter(violation -> !inherited.contains(violation)).toList();
        if (!violations.isEmpty()) {
            return Optional.of(RunError.of(ErrorCode.INVALID_RESULT, hook + " returned data that does not fit the " + id
                    + " data: " + violations.stream().map(v -> v.path() + ": " + v.message()).collect(Collectors.joining("; "))));
        }
        List<String> refused = changes.refusedChanges(before, after);
        if (!refused.isEmpty()) {
            return Optional.of(RunError.of(ErrorCode.FORBIDDEN_CHANGE, hook + " may not change " + String.join(", ", refused)));
        }
        return Optional.empty();
    }

    /** How verdicts name a hook of this type called {@code name} (null for a hook that has none). */
    public String hookCalled(String name) {
        return name == null ? "the " + id + " hook" : "the " + id + " hook '" + name + "'";
    }

    /** What the flow takes from the final data: only the paths the type's change rules take. */
    public ObjectNode outcome(JsonNode finalData) {
        return changes.taken(finalData);
    }
}
