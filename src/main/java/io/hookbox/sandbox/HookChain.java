package io.hookbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Hooks run one after another as one request to one worker: the first step gets {@code data}, each later one the
 * result of the last step that succeeded, checked against the hook type {@code typeId} (null for no check) and cleared
 * of that step's secrets; the chain stops after the first failure of a step that does not continue on error. Each
 * step is the {@link RunRequest} it would be alone (its data left out), all of one tenant and lane; {@code name} names
 * it in the type's verdicts.
 */
public record HookChain(String typeId, JsonNode data, List<Step> steps) {

    public record Step(RunRequest run, String name, boolean continueOnError) {
    }

    /**
     * How one step ended: {@code result} as the hook gave it (its requests and effects included, nothing redacted),
     * {@code verdict} the type's objection to a result that succeeded (or null), when it started and how long it took,
     * as the server saw it.
     */
    public record Ran(RunResult result, RunError verdict, Instant startedAt, long nanos) {
    }

    public HookChain {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least one step");
        }
        RunRequest first = steps.getFirst().run();
        for (Step step : steps) {
            if (!Objects.equals(step.run().tenantId(), first.tenantId()) || step.run().lane() != first.lane()) {
                throw new IllegalArgumentException("the steps of a chain are of one tenant and one lane");
            }
        }
    }

    /** A chain of one: {@code request} alone, with no type to check its result against. */
    public static HookChain of(RunRequest request) {
        return new HookChain(null, request.data(), List.of(new Step(request, null, false)));
    }
}
