package io.hookbox.hooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookbox.schema.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a hook type runs code written for Auth0: the Action handler that runs as this type ({@code onExecutePostLogin}...),
 * how that handler's {@code event} is read from the type's data, what each {@code api} call changes in the data (the
 * type's change rules then judge the result as they judge any hook's), and, when Auth0 Rules run as this type, how a
 * Rule's {@code context} is read from the event ({@code ruleContext}: the same kind of fields, their arguments paths
 * of the event; empty when Rules do not run as this type).
 * The worker's adapter ({@code auth0.js}) follows {@link #plan()}; the docs and the editor read the same fields.
 */
public record ActionTrigger(String typeId, String handler, List<EventField> event, List<ApiMethod> api,
                            List<EventField> ruleContext) {

    /** The {@code api} namespaces Auth0 has and hookbox cannot honour: calling any of their methods fails the hook. */
    public static final List<String> UNSUPPORTED_API = List.of("multifactor", "authentication", "redirect", "prompt",
            "session", "refreshToken", "samlResponse");

    /**
     * {@code event.<path>}, read from the data: {@code DATA} copies the value at {@code argument} (a dotted path; the
     * field is left out when the data has none), {@code VALUE} is the JSON {@code argument}, {@code WORDS} splits the
     * text at {@code argument} on spaces, {@code LANGUAGE} is the first language of the Accept-Language text at
     * {@code argument}, {@code LIST} is the array at {@code argument} or an empty one, {@code SECRETS} the hook's
     * secrets.
     */
    public record EventField(String path, From from, String argument, Shape shape, String description) {
    }

    public enum From { DATA, VALUE, WORDS, LANGUAGE, LIST, SECRETS }

    /**
     * {@code api.<name>(<params>)}: {@code DENY} fails the hook with the reason (the first argument), {@code DENY_MESSAGE}
     * with the message shown to the user (the second argument, else the first), {@code DENY_CODE} with "code: reason"
     * (the type's denial reads the code); {@code SET} sets a key of the object at {@code target} (null or undefined
     * deletes it); {@code CACHE_GET/SET/DELETE} use the hook's cache ({@link CacheLimits}); {@code QUERY} asks the host
     * the read-only question {@code name} (for the run's own tenant) and answers a promise; {@code UNSUPPORTED} throws that hookbox does not
     * support it.
     */
    public record ApiMethod(String name, Effect effect, String target, String params, String returns, String description) {
    }

    public enum Effect { DENY, DENY_MESSAGE, DENY_CODE, SET, CACHE_GET, CACHE_SET, CACHE_DELETE, QUERY, UNSUPPORTED }

    public ActionTrigger {
        event = List.copyOf(event);
        api = List.copyOf(api);
        ruleContext = List.copyOf(ruleContext);
    }

    /** A trigger Auth0 Rules do not run as. */
    public ActionTrigger(String typeId, String handler, List<EventField> event, List<ApiMethod> api) {
        this(typeId, handler, event, api, List.of());
    }

    /** Whether Auth0 Rules run as this type. */
    public boolean rules() {
        return !ruleContext.isEmpty();
    }

    /** What the worker's adapter follows for a run of this type: plain data, as JSON. */
    public ObjectNode plan() {
        ObjectNode plan = JsonNodeFactory.instance.objectNode().put("type", typeId).put("handler", handler).put("rules", rules());
        ArrayNode fields = plan.putArray("event");
        event.forEach(field -> fields.addArray().add(field.path()).add(field.from().name()).add(field.argument()));
        ArrayNode contextFields = plan.putArray("ruleContext");
        ruleContext.forEach(field -> contextFields.addArray().add(field.path()).add(field.from().name()).add(field.argument()));
        ArrayNode methods = plan.putArray("api");
        api.forEach(method -> methods.addArray().add(method.name()).add(method.effect().name()).add(method.target()));
        UNSUPPORTED_API.forEach(plan.putArray("unsupported")::add);
        plan.set("cache", CacheLimits.AUTH0.json());
        return plan;
    }

    /** The shape of {@code event}, with each field's description: for the editor's completion and the docs. */
    public Shape.ObjectShape eventShape() {
        return nest(event.stream().map(field -> Map.entry(field.path(), field)).toList());
    }

    /** The shape of a Rule's {@code context}, with each field's description; null when Rules do not run as this type. */
    public Shape.ObjectShape ruleContextShape() {
        return rules() ? nest(ruleContext.stream().map(field -> Map.entry(field.path(), field)).toList()) : null;
    }

    /** The {@code api} methods as data: name, parameters (TypeScript), what they return and what they do. */
    public ArrayNode apiJson() {
        ArrayNode methods = JsonNodeFactory.instance.arrayNode();
        api.forEach(method -> methods.addObject().put("name", method.name()).put("params", method.params())
                .put("returns", method.returns()).put("description", method.description()));
        return methods;
    }

    /** The fields of an event, grouped into nested objects by the dotted paths. */
    private static Shape.ObjectShape nest(List<Map.Entry<String, EventField>> fields) {
        Map<String, List<Map.Entry<String, EventField>>> groups = new LinkedHashMap<>();
        List<Map.Entry<String, EventField>> leaves = new ArrayList<>();
        for (Map.Entry<String, EventField> entry : fields) {
            int dot = entry.getKey().indexOf('.');
            if (dot < 0) {
                leaves.add(entry);
            } else {
                groups.computeIfAbsent(entry.getKey().substring(0, dot), key -> new ArrayList<>())
                        .add(Map.entry(entry.getKey().substring(dot + 1), entry.getValue()));
            }
        }
        Shape.ObjectShape.Builder builder = Shape.object();
        leaves.forEach(leaf -> builder.required(leaf.getKey(), leaf.getValue().shape(), leaf.getValue().description()));
        groups.forEach((name, members) -> builder.required(name, nest(members), GROUPS.getOrDefault(name, name)));
        return builder.closed();
    }

    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("user", "The user, as Auth0 names its fields."),
            Map.entry("client", "The application that started the flow."),
            Map.entry("request", "The HTTP request that started the flow."),
            Map.entry("connection", "Where the user is kept."),
            Map.entry("tenant", "The tenant."),
            Map.entry("transaction", "The sign-in transaction."),
            Map.entry("stats", "Statistics about the user."),
            Map.entry("authorization", "The user's authorization."),
            Map.entry("resource_server", "The API the token is for."),
            Map.entry("sso", "Single sign-on: hookbox has none."));
}
