package io.hookbox.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.data.SampleFacts;
import io.hookbox.schema.DataSchema;
import io.hookbox.schema.Violation;

import java.util.List;

/**
 * A point in the authentication flows where a tenant's hooks run, and everything about it: when it runs, whether
 * an error from one of its hooks stops the flow ({@code canBlock}: a rejected sign-up, a denied login) rather than
 * being only logged, what its hooks may change, the shape of the {@code data} they receive, and how to build a
 * sample of that data.
 */
public record HookType(String id, String title, String description, boolean canBlock, ChangeRules changes,
                       DataSchema dataSchema, Sample sample) {

    /** Builds a {@code data} of this type from the given facts, through the same builders the auth core uses. */
    @FunctionalInterface
    public interface Sample {
        ObjectNode build(SampleFacts facts);
    }

    public ObjectNode sample(SampleFacts facts) {
        return sample.build(facts);
    }

    /** How {@code data} breaks this type's schema; empty when it conforms. */
    public List<Violation> validate(JsonNode data) {
        return dataSchema.validate(data);
    }
}
