package io.hookbox.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a hook of a type may change in {@code data}, as dotted paths ({@code user.user_metadata}). A change under a
 * {@code mayChange} path is what the flow takes from the hooks (saved, signed into tokens). A change under a
 * {@code cannotChange} path fails the hook. Where both contain a changed path the more specific path decides, so
 * {@code user} in cannotChange with {@code user.email} in mayChange means "only the email of the user". Any other
 * change goes on to the next hook but is not used by the flow: the flow reads only {@link #taken}.
 */
public record ChangeRules(List<String> mayChange, List<String> cannotChange) {

    public static final ChangeRules NOTHING_TAKEN = new ChangeRules(List.of(), List.of());

    /** JSON equality: 1 and 1.0 are the same number whichever Java type holds them. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    public ChangeRules {
        mayChange = List.copyOf(mayChange);
        cannotChange = List.copyOf(cannotChange);
    }

    /** The paths that changed from {@code before} to {@code after} although a cannotChange rule forbids it, sorted. */
    public List<String> refusedChanges(JsonNode before, JsonNode after) {
        Set<String> refused = new TreeSet<>();
        for (String rule : cannotChange) {
            List<String> changed = new ArrayList<>();
            collectChanges(at(before, rule), at(after, rule), rule, changed);
            changed.stream().filter(path -> !allowedMoreSpecifically(rule, path)).forEach(refused::add);
        }
        return List.copyOf(refused);
    }

    /** A copy of the parts of {@code data} under the mayChange paths, at the same paths: all a flow reads of a result. */
    public ObjectNode taken(JsonNode data) {
        ObjectNode taken = JsonNodeFactory.instance.objectNode();
        for (String rule : mayChange) {
            JsonNode value = at(data, rule);
            if (value.isMissingNode()) {
                continue;
            }
            ObjectNode parent = taken;
            String[] keys = rule.split("\\.");
            for (int i = 0; i < keys.length - 1; i++) {
                parent = parent.get(keys[i]) instanceof ObjectNode existing ? existing : parent.putObject(keys[i]);
            }
            parent.set(keys[keys.length - 1], value.deepCopy());
        }
        return taken;
    }

    private boolean allowedMoreSpecifically(String refusingRule, String path) {
        return mayChange.stream().anyMatch(rule -> rule.length() > refusingRule.length() && covers(rule, path));
    }

    private static boolean covers(String rule, String path) {
        return path.equals(rule) || path.startsWith(rule + ".");
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root == null ? MissingNode.getInstance() : root;
        for (String key : path.split("\\.")) {
            node = node.path(key);
        }
        return node;
    }

    private static void collectChanges(JsonNode before, JsonNode after, String path, List<String> changed) {
        if (before.isObject() && after.isObject()) {
            Set<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                collectChanges(before.path(key), after.path(key), path + "." + key, changed);
            }
        } else if (!before.equals(SAME_VALUE, after)) {
            changed.add(path);
        }
    }

}
