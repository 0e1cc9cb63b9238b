package io.hookbox.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.hookbox.hooks.ChangeRules;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.schema.Shape;
import io.hookbox.testrun.TestContexts;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** Writes docs/hook-types.md from the hook type registry, so the reference can never disagree with the code. */
public final class HookTypeReference {

    /** The seed of every example in the reference. */
    static final long EXAMPLE_SEED = 1;

    private static final ObjectWriter PRETTY = new ObjectMapper().writer(
            new DefaultPrettyPrinter(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private HookTypeReference() {
    }

    public static String markdown() {
        StringBuilder doc = new StringBuilder("""
                # Hook types

                <!-- Generated from io.hookbox.hooks.HookTypes; do not edit. Regenerate with
                     mvn -B -o test -Dtest=HookTypeReferenceTest -Dhookbox.writeDocs=true -->

                Each hook type is a point in the authentication flows where a tenant's hooks run, in the tenant's order,
                each receiving the previous hook's result as its `data`. For each type this page says when it runs,
                whether an error from one of its hooks stops the flow, what a hook may change, every field of `data`,
                and an example (the test context of seed %d, as `GET /api/hook-types/{type}/sample?seed=%d` returns it).

                What a hook may change: the flow takes the changes under the paths listed as *taken* (it saves them or
                signs them into the tokens). A change under a path listed as *refused* fails the hook with
                `FORBIDDEN_CHANGE`; where a path is in both lists, the more specific one decides. Any other change goes on
                to the next hook but is not used by the flow.
                """.formatted(EXAMPLE_SEED, EXAMPLE_SEED));
        for (HookType type : HookTypes.all()) {
            doc.append('\n').append(section(type));
        }
        return doc.toString();
    }

    private static String section(HookType type) {
        StringBuilder section = new StringBuilder();
        section.append("## `").append(type.id()).append("`: ").append(type.title()).append("\n\n");
        section.append(type.description()).append("\n\n");
        section.append("- Can block the flow: ").append(type.canBlock()
                ? "yes, an error from one of its hooks stops the flow." : "no, errors from its hooks are logged and the flow goes on.").append('\n');
        ChangeRules changes = type.changes();
        section.append("- Taken from the result: ").append(changes.mayChange().isEmpty() ? "nothing; the result only goes on to the next hook"
                : changes.mayChange().stream().map(path -> "`" + path + "`").collect(Collectors.joining(", "))).append('\n');
        section.append("- Refused: ").append(changes.cannotChange().isEmpty() ? "nothing" : changes.cannotChange().stream()
                .map(path -> "`" + path + "`" + (changes.mayChange().stream().anyMatch(taken -> taken.startsWith(path + "."))
                        ? " (except the paths taken under it)" : ""))
                .collect(Collectors.joining(", "))).append("\n\n");
        section.append("| field | type | description |\n|---|---|---|\n");
        appendFields(section, "", type.dataSchema().shape());
        section.append("\nExample:\n\n```json\n").append(pretty(TestContexts.generate(type, EXAMPLE_SEED))).append("\n```\n");
        return section.toString();
    }

    private static void appendFields(StringBuilder table, String prefix, Shape.ObjectShape object) {
        for (Shape.Field field : object.fields()) {
            String path = prefix + field.name();
            table.append("| `").append(path).append("` | ").append(field.shape().label())
                    .append(field.required() ? "" : ", optional").append(" | ").append(field.description());
            if (field.shape() instanceof Shape.ObjectShape nested && nested.open()) {
                table.append(" Custom claims may be added.");
            }
            table.append(" |\n");
            if (field.shape() instanceof Shape.ObjectShape nested) {
                appendFields(table, path + ".", nested);
            }
        }
    }

    private static String pretty(Object json) {
        try {
            return PRETTY.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
