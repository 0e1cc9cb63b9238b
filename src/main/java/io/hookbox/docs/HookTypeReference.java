package io.hookbox.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.hookbox.hooks.ActionTrigger;
import io.hookbox.hooks.ChangeRules;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
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

                Every hook's result is checked as soon as it returns, in real flows and test runs alike, so a test run
                gives the verdict the real flow gives:

                - It must still fit the type's data (the field tables below). A field the type does not have (say
                  `data.user.nickname` in a post-login hook) or a value of the wrong type or format fails the hook with
                  `INVALID_RESULT`, naming the hook and the path. Only what the hook did counts: a value that was already
                  in its input is not its doing.
                - A change under a path listed as *refused* fails the hook with `FORBIDDEN_CHANGE`; where a path is in
                  both lists, the more specific one decides.
                - The flow takes only the changes under the paths listed as *taken* (it saves them or signs them into
                  the tokens). Any other change that fits the data goes on to the next hook but is not used by the flow.

                When a hook fails (its own error, a limit, or a result refused as above), its `onError` policy decides:
                `deny` (the default for types that can block) stops the chain there, and for a type that can block the
                flow answers with the type's error; `continue` (the default for the others) records the error in the
                execution log (`continued: true`) and goes on with the data as it was before that hook. A test run of a
                pipeline shows each step's `onError` and `continued`, the final `outcome` (what the flow takes) and
                `flowStopped`.
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
                ? "yes: a hook's error stops the flow, which answers `" + type.denial().code() + "` with the hook's message "
                        + "(unless the hook's `onError` is `continue`)."
                : "no: errors from its hooks are logged and the flow goes on.").append('\n');
        section.append("- Default `onError`: `").append(OnError.defaultFor(type).json()).append("`\n");
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
        if (type.action() != null) {
            appendAction(section, type.action());
        }
        return section.toString();
    }

    /** The Auth0 Action (and Rule) that runs as the type: its event, read from the data, and its api. */
    private static void appendAction(StringBuilder section, ActionTrigger action) {
        section.append("\nAs an Auth0 Action: `exports.").append(action.handler()).append(" = async (event, api) => {...}`")
                .append(action.rules() ? "; Auth0 Rules `function (user, context, callback)` run as this type too" : "")
                .append(".\n\n| event field | type | description |\n|---|---|---|\n");
        appendFields(section, "event.", action.eventShape());
        section.append("\n| api | description |\n|---|---|\n");
        action.api().forEach(method -> section.append("| `api.").append(method.name()).append('(').append(method.params())
                .append(")` | ").append(method.description()).append(" |\n"));
        section.append("| `api.").append(String.join(".*`, `api.", ActionTrigger.UNSUPPORTED_API))
                .append(".*` | Not supported by hookbox: calling them fails the hook. |\n");
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
