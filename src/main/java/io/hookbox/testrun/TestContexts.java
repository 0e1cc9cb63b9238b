package io.hookbox.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.HookType;

import java.util.Map;

/** Generates the {@code data} of test runs: random, of the type's real shape, reproducible from a seed. */
public final class TestContexts {

    private TestContexts() {
    }

    /** The random context of {@code type} for {@code seed}: the same seed always gives the same context. */
    public static ObjectNode generate(HookType type, long seed) {
        return type.sample(new RandomFacts(seed));
    }

    /**
     * The data a test run gives its hooks: a random context for {@code seed}, with {@code pinned} (fields a tenant
     * wants to fix, or null) merged over it.
     */
    public static JsonNode input(HookType type, long seed, JsonNode pinned) {
        ObjectNode generated = generate(type, seed);
        if (pinned == null || pinned.isNull() || pinned.isMissingNode()) {
            return generated;
        }
        if (!pinned.isObject()) {
            throw HookboxException.invalid("field 'context' must be a JSON object: the fields to pin in the random context",
                    Map.of("field", "context"));
        }
        return JsonMerge.merge(generated, pinned);
    }
}
