package io.hookbox.hooks;

import io.hookbox.hooks.ActionTrigger.ApiMethod;
import io.hookbox.hooks.ActionTrigger.Effect;
import io.hookbox.hooks.ActionTrigger.EventField;
import io.hookbox.hooks.ActionTrigger.From;
import io.hookbox.hooks.data.HookData;
import io.hookbox.sandbox.HostQueries;
import io.hookbox.schema.Shape;
import io.hookbox.schema.TextFormat;

import java.util.ArrayList;
import java.util.List;

import static io.hookbox.schema.Shape.nullable;

/**
 * The Auth0 Action triggers hookbox runs, each as the hook type whose {@link HookType#action()} it is: the event
 * fields as Auth0 names them, read from that type's data, and the {@code api} calls hookbox honours.
 */
final class Auth0Triggers {

    private static final Shape TEXT = nullable(Shape.string());
    private static final Shape WORDS = Shape.arrayOf(Shape.string());

    /** hookbox's own: whether the tenant has a user with this username (not Auth0's; hooks of any form have it). */
    static final ApiMethod USERS_EXISTS = new ApiMethod("users.exists", Effect.QUERY, null, "username: string",
            "Promise<boolean>", "hookbox's own, not Auth0's: whether a user of this tenant has this username (letter case"
                    + " aside). Read-only, this tenant's users only, at most " + HostQueries.MAX_PER_RUN + " questions a run.");

    private Auth0Triggers() {
    }

    static ActionTrigger postLogin() {
        List<EventField> event = new ArrayList<>(user(true));
        event.addAll(flow());
        event.add(data("transaction.requested_scopes", From.WORDS, "context.accessToken.scope", WORDS,
                "The scopes the application asked for."));
        event.add(value("transaction.protocol", "\"oauth2-password\"", Shape.string(),
                "How the user signs in: hookbox's sign-in is the OAuth 2 password grant."));
        event.add(data("transaction.locale", From.LANGUAGE, "context.request.headers.accept-language", TEXT,
                "The first language of the request's Accept-Language header."));
        event.add(data("stats.logins_count", From.DATA, "user.logins_count", Shape.integer(0),
                "How many times the user has signed in."));
        event.add(data("authorization.roles", From.LIST, "user.app_metadata.roles", WORDS,
                "The user's roles: app_metadata.roles when it is a list, else empty."));
        List<ApiMethod> api = new ArrayList<>(List.of(
                deny(Effect.DENY, "reason: string", "Denies the sign-in with this reason; the tokens are not issued."),
                claim("idToken", "context.idToken"),
                claim("accessToken", "context.accessToken"),
                metadata("setAppMetadata", "user.app_metadata", "app_metadata"),
                metadata("setUserMetadata", "user.user_metadata", "user_metadata"),
                scopeChange("addScope"), scopeChange("removeScope")));
        api.addAll(cache());
        api.add(USERS_EXISTS);
        return new ActionTrigger("post-login", "onExecutePostLogin", event, api, ruleContext(event));
    }

    static ActionTrigger preUserRegistration() {
        List<EventField> event = new ArrayList<>(user(false));
        event.addAll(flow());
        event.add(data("transaction.locale", From.LANGUAGE, "context.request.headers.accept-language", TEXT,
                "The first language of the request's Accept-Language header."));
        List<ApiMethod> api = new ArrayList<>(List.of(
                deny(Effect.DENY_MESSAGE, "reason: string, userMessage?: string",
                        "Rejects the sign-up; the person is shown userMessage when given, else the reason."),
                metadata("setAppMetadata", "user.app_metadata", "app_metadata"),
                metadata("setUserMetadata", "user.user_metadata", "user_metadata")));
        api.addAll(cache());
        api.add(USERS_EXISTS);
        return new ActionTrigger("pre-register", "onExecutePreUserRegistration", event, api);
    }

    static ActionTrigger postUserRegistration() {
        List<EventField> event = new ArrayList<>(user(true));
        event.addAll(flow());
        List<ApiMethod> api = new ArrayList<>(cache());
        api.add(USERS_EXISTS);
        return new ActionTrigger("post-register", "onExecutePostUserRegistration", event, api);
    }

    static ActionTrigger credentialsExchange() {
        List<EventField> event = new ArrayList<>(flow());
        event.add(data("transaction.requested_scopes", From.WORDS, "context.scope", WORDS,
                "The scopes the application asked for."));
        event.add(data("resource_server.identifier", From.DATA, "context.audience", Shape.string(),
                "The audience of the token: the API it is for."));
        event.add(data("audience", From.DATA, "context.audience", Shape.string(), "The audience of the token."));
        event.add(data("scope", From.DATA, "context.scope", TEXT, "The scope the application asked for, if any."));
        List<ApiMethod> api = new ArrayList<>(List.of(
                deny(Effect.DENY_CODE, "code: 'invalid_scope' | 'invalid_request' | 'access_denied', reason: string",
                        "Refuses the token with this OAuth error code and reason."),
                claim("accessToken", "context.accessToken")));
        api.addAll(cache());
        return new ActionTrigger("credentials-exchange", "onExecuteCredentialsExchange", event, api);
    }

    /** event.user; {@code stored}: the user has an id and the server's counters. */
    private static List<EventField> user(boolean stored) {
        List<EventField> fields = new ArrayList<>();
        if (stored) {
            fields.add(data("user.user_id", From.DATA, "user.id", Shape.string(), "The user's id."));
        }
        for (String name : List.of("email", "name", "given_name", "family_name", "picture", "username", "phone_number")) {
            fields.add(data("user." + name, From.DATA, "user." + name, TEXT, "The user's " + name.replace('_', ' ') + "."));
        }
        fields.add(data("user.email_verified", From.DATA, "user.email_verified", Shape.bool(),
                "Whether the user has proven they own the email address."));
        fields.add(value("user.nickname", "null", TEXT, "Always null: hookbox users have no nickname."));
        if (stored) {
            fields.add(data("user.created_at", From.DATA, "user.created_at", Shape.string(TextFormat.DATE_TIME),
                    "When the user was registered."));
            fields.add(data("user.updated_at", From.DATA, "user.updated_at", Shape.string(TextFormat.DATE_TIME),
                    "When the user was last changed."));
            fields.add(data("user.last_login", From.DATA, "user.last_login", TEXT, "When the user last signed in."));
            fields.add(data("user.logins_count", From.DATA, "user.logins_count", Shape.integer(0),
                    "How many times the user has signed in."));
        }
        fields.add(data("user.app_metadata", From.DATA, "user.app_metadata", Shape.anyObject(),
                "Data about the user that only the application sets (plan, roles); change it with api.user.setAppMetadata."));
        fields.add(data("user.user_metadata", From.DATA, "user.user_metadata", Shape.anyObject(),
                "Data about the user that the user may edit; change it with api.user.setUserMetadata."));
        fields.add(value("user.identities", "[]", Shape.arrayOf(Shape.anyObject()),
                "Always empty: hookbox users have no linked identities."));
        return fields;
    }

    /** What every trigger's event has: the application, the request, the connection, the tenant and the secrets. */
    private static List<EventField> flow() {
        return List.of(
                data("client.client_id", From.DATA, "context.clientID", Shape.string(), "The application's client id."),
                data("client.name", From.DATA, "context.clientName", Shape.string(), "The application's name."),
                value("client.metadata", "{}", Shape.anyObject(), "Always empty: hookbox applications have no metadata."),
                data("request.ip", From.DATA, "context.request.ip", Shape.string(), "The IP address of the client."),
                data("request.hostname", From.DATA, "context.request.headers.host", TEXT, "The Host header of the request."),
                value("request.method", "\"POST\"", Shape.string(), "Always POST: hookbox's flows start with a POST."),
                data("request.query", From.DATA, "context.request.query", Shape.mapOf(Shape.string()),
                        "The query parameters of the request."),
                data("request.body", From.DATA, "context.request.body", Shape.anyObject(),
                        "The request's body, without secrets."),
                data("request.user_agent", From.DATA, "context.request.userAgent", TEXT, "The User-Agent header."),
                data("request.language", From.LANGUAGE, "context.request.headers.accept-language", TEXT,
                        "The first language of the Accept-Language header."),
                value("connection.name", "\"" + HookData.DATABASE_CONNECTION + "\"", Shape.string(),
                        "Where the user is kept: hookbox's own database."),
                value("connection.strategy", "\"auth0\"", Shape.string(), "Always auth0: users with a password."),
                value("tenant.id", "null", TEXT, "Always null: hooks are not told which tenant they run for."),
                new EventField("secrets", From.SECRETS, null, Shape.anyObject(),
                        "The hook's secrets by name (read-only); empty until secrets can be set."));
    }

    /**
     * A Rule's {@code context}, read from the post-login {@code event}: each field's argument is a path of the event,
     * and a field copied from the event has that event field's shape.
     */
    private static List<EventField> ruleContext(List<EventField> event) {
        java.util.function.BiFunction<String, String, EventField> fromEvent = (path, source) -> {
            EventField field = event.stream().filter(each -> each.path().equals(source)).findFirst().orElseThrow();
            return data(path, From.DATA, source, field.shape(), field.description());
        };
        Shape free = Shape.anyObject();
        return List.of(
                fromEvent.apply("clientID", "client.client_id"),
                fromEvent.apply("clientName", "client.name"),
                value("clientMetadata", "{}", free, "Always empty: hookbox applications have no metadata."),
                fromEvent.apply("connection", "connection.name"),
                fromEvent.apply("connectionStrategy", "connection.strategy"),
                fromEvent.apply("protocol", "transaction.protocol"),
                fromEvent.apply("request.ip", "request.ip"),
                fromEvent.apply("request.hostname", "request.hostname"),
                fromEvent.apply("request.userAgent", "request.user_agent"),
                fromEvent.apply("request.query", "request.query"),
                fromEvent.apply("request.body", "request.body"),
                fromEvent.apply("request.language", "request.language"),
                value("request.geoip", "{}", free, "Always empty: hookbox does not locate addresses."),
                fromEvent.apply("stats.loginsCount", "stats.logins_count"),
                data("authorization.roles", From.LIST, "authorization.roles", WORDS,
                        "The user's roles: app_metadata.roles when it is a list, else empty."),
                value("idToken", "{}", free, "The ID token's custom claims: what the Rule adds here goes into the token."),
                value("accessToken", "{}", free, "The access token's custom claims: what the Rule adds here goes into the token."),
                value("sso.with_auth0", "false", Shape.bool(), "Always false."),
                value("sso.with_dbconn", "false", Shape.bool(), "Always false."));
    }

    private static EventField data(String path, From from, String source, Shape shape, String description) {
        return new EventField(path, from, source, shape, description);
    }

    private static EventField value(String path, String json, Shape shape, String description) {
        return new EventField(path, From.VALUE, json, shape, description);
    }

    private static ApiMethod deny(Effect effect, String params, String description) {
        return new ApiMethod("access.deny", effect, null, params, "void", description);
    }

    private static ApiMethod claim(String token, String target) {
        return new ApiMethod(token + ".setCustomClaim", Effect.SET, target, "name: string, value: unknown", "void",
                "Adds a custom claim to the " + (token.equals("idToken") ? "ID" : "access") + " token (a namespaced "
                        + "name such as https://example.com/plan; the standard claims cannot be changed).");
    }

    private static ApiMethod metadata(String method, String target, String field) {
        return new ApiMethod("user." + method, Effect.SET, target, "key: string, value: unknown", "void",
                "Sets one key of the user's " + field + " (null deletes it); saved with the user.");
    }

    private static ApiMethod scopeChange(String method) {
        return new ApiMethod("accessToken." + method, Effect.UNSUPPORTED, null, "scope: string", "never",
                "Not supported by hookbox: the access token's scope is the one the sign-in granted.");
    }

    private static List<ApiMethod> cache() {
        return List.of(
                new ApiMethod("cache.get", Effect.CACHE_GET, null, "key: string",
                        "{ value: string, expires_at: number } | undefined",
                        "The value kept at this key by an earlier run of this hook (or this run), with when it expires"
                                + " (milliseconds since the epoch); undefined when there is none or it has expired."),
                new ApiMethod("cache.set", Effect.CACHE_SET, null,
                        "key: string, value: string, options?: { ttl?: number, expires_at?: number }",
                        "{ type: 'success' } | { type: 'error', code: string, message: string }",
                        "Keeps a string for later runs of this hook, for ttl milliseconds or until expires_at (the"
                                + " earlier of the two; 15 minutes when neither is given, 24 hours at most). Keys of at most"
                                + " 64 bytes, values of at most 4 KB, 20 entries and 8 KB in all: beyond that it answers"
                                + " { type: 'error' }."),
                new ApiMethod("cache.delete", Effect.CACHE_DELETE, null, "key: string",
                        "{ type: 'success' } | { type: 'error', code: string, message: string }",
                        "Forgets the value kept at this key."));
    }
}
