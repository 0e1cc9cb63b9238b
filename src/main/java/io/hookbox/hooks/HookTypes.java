package io.hookbox.hooks;

import io.hookbox.errors.HookboxException;
import io.hookbox.errors.HookboxException.Kind;
import io.hookbox.hooks.data.Client;
import io.hookbox.hooks.data.HookData;
import io.hookbox.hooks.data.MachineToken;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;
import io.hookbox.schema.DataSchema;
import io.hookbox.sandbox.HookForm;
import io.hookbox.schema.Shape;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every hook type hookbox knows, in flow order: the one definition the flows, the pipeline, the test runs, the API,
 * the docs and the dashboard read.
 */
public final class HookTypes {

    private static final Denial ACCESS_DENIED = Denial.of(Kind.FORBIDDEN, "access_denied");
    private static final Denial SIGN_UP_REJECTED = Denial.of(Kind.INVALID, "hook_rejected");
    private static final Denial CHANGE_REJECTED = Denial.of(Kind.FORBIDDEN, "hook_rejected");

    public static final HookType PRE_LOGIN = new HookType("pre-login", "Pre-login",
            "Runs when a user who exists signs in, before the password check decides; it runs even when the password "
                    + "turns out to be wrong (data.context.passwordVerified says which). It does not run for a blocked user. "
                    + "An error denies the login.",
            ACCESS_DENIED, ChangeRules.NOTHING_TAKEN, schema("pre-login", HookData.PRE_LOGIN_SHAPE),
            facts -> {
                StoredUser user = facts.storedUser();
                Client client = facts.client();
                return HookData.preLogin(user, client, facts.signInRequest(client, user), facts.passwordVerified(),
                        HookData.DATABASE_CONNECTION);
            },
            List.of("// Deny the login with an error, for example for a domain you block:",
                    "// if (data.user.email.endsWith('@blocked.example')) {",
                    "//   return callback(new Error('Sign-in from this domain is not allowed'));",
                    "// }"));

    public static final HookType POST_LOGIN = new HookType("post-login", "Post-login",
            "Runs after a successful sign-in, before the tokens are signed. It may add custom claims to "
                    + "data.context.accessToken and data.context.idToken and update the user's metadata. An error denies the login.",
            ACCESS_DENIED, new ChangeRules(
                    List.of("context.accessToken", "context.idToken", "user.user_metadata", "user.app_metadata"),
                    reservedClaims("context.accessToken", "context.idToken")),
            schema("post-login", HookData.POST_LOGIN_SHAPE),
            facts -> {
                StoredUser user = facts.storedUser();
                Client client = facts.client();
                return HookData.postLogin(user, client, facts.signInRequest(client, user), facts.signInClaims(user, client));
            },
            List.of("// Add custom claims to the tokens about to be signed:",
                    "// data.context.accessToken['https://example.com/plan'] = data.user.app_metadata.plan || 'free';",
                    "// Or keep something on the user:",
                    "// data.user.app_metadata.lastLoginIp = data.context.request.ip;"),
            Auth0Triggers.postLogin());

    public static final HookType PRE_REGISTER_CHECK = new HookType("pre-register-check", "Pre-register check",
            "Runs when a sign-up starts, with only what the person typed: before the email and username are checked "
                    + "against the stored users, before the password is hashed and before pre-register. It changes nothing; "
                    + "an error rejects the sign-up. The cheap place to block disposable domains.",
            SIGN_UP_REJECTED, ChangeRules.NOTHING_TAKEN, schema("pre-register-check", HookData.PRE_REGISTER_CHECK_SHAPE),
            facts -> {
                UserProfile user = facts.newUser();
                Client client = facts.client();
                return HookData.preRegisterCheck(user.email(), user.username(), client, facts.signUpRequest(client, user));
            },
            List.of("// Reject the sign-up early, for example for a disposable email domain:",
                    "// const domain = data.user.email.split('@')[1];",
                    "// if (['mailinator.com', 'trashmail.com'].includes(domain)) {",
                    "//   return callback(new Error('Please sign up with a permanent email address'));",
                    "// }"));

    public static final HookType PRE_REGISTER = new HookType("pre-register", "Pre-register",
            "Runs before a new user is saved. The user it returns is the one saved; an error rejects the sign-up.",
            SIGN_UP_REJECTED, new ChangeRules(
                    UserProfile.SHAPE.fields().stream().map(field -> "user." + field.name()).toList(),
                    List.of("user")),
            schema("pre-register", HookData.PRE_REGISTER_SHAPE),
            facts -> {
                UserProfile user = facts.newUser();
                Client client = facts.client();
                return HookData.preRegister(user, client, facts.signUpRequest(client, user));
            },
            List.of("// Change the user who is about to be saved, or reject the sign-up with an error:",
                    "// data.user.email = data.user.email.toLowerCase();",
                    "// if (!data.user.email.endsWith('@example.com')) {",
                    "//   return callback(new Error('Sign-ups are open to example.com only'));",
                    "// }"),
            Auth0Triggers.preUserRegistration());

    public static final HookType POST_REGISTER = new HookType("post-register", "Post-register",
            "Runs after a new user is stored. Its errors are logged and do not undo the registration.",
            null, ChangeRules.NOTHING_TAKEN, schema("post-register", HookData.POST_REGISTER_SHAPE),
            facts -> {
                UserProfile profile = facts.newUser();
                Client client = facts.client();
                StoredUser user = StoredUser.registered(facts.newUserId(), profile, facts.now());
                return HookData.postRegister(user, client, facts.signUpRequest(client, profile));
            },
            List.of("// React to the new user; an error here is logged and does not undo the registration:",
                    "// console.info('welcome', data.user.id);"),
            Auth0Triggers.postUserRegistration());

    public static final HookType CREDENTIALS_EXCHANGE = new HookType("credentials-exchange", "Credentials exchange",
            "Runs in the client_credentials grant, when an application asks for a token for itself, before the access "
                    + "token is signed. It may add custom claims to data.context.accessToken. An error denies the token "
                    + "(access_denied); an error message starting with \"invalid_scope:\" or \"invalid_request:\" answers "
                    + "that error instead, with the rest of the message as its description.",
            new Denial(Kind.FORBIDDEN, "access_denied", List.of("invalid_scope", "invalid_request")),
            new ChangeRules(List.of("context.accessToken"), reservedClaims("context.accessToken")),
            schema("credentials-exchange", HookData.CREDENTIALS_EXCHANGE_SHAPE),
            facts -> {
                Client client = facts.client();
                String scope = facts.requestedScope();
                String issuer = facts.issuer();
                return HookData.credentialsExchange(client, facts.tokenRequest(client, scope), scope, issuer,
                        MachineToken.claims(issuer, client.clientId(), issuer, scope == null ? "" : scope,
                                facts.now(), Duration.ofHours(1), facts.newUserId().replace("-", "")));
            },
            List.of("// Add custom claims to the application's access token, or deny it with an error:",
                    "// data.context.accessToken['https://example.com/tier'] = 'partner';",
                    "// if ((data.context.scope || '').includes('admin')) {",
                    "//   return callback(new Error('invalid_scope: admin is not granted to applications'));",
                    "// }"),
            Auth0Triggers.credentialsExchange());

    public static final HookType PRE_USER_UPDATE = new HookType("pre-user-update", "Pre-user-update",
            "Runs before a user is changed through the management API (PATCH /api/users/{id}), with the user as it is "
                    + "and the changes asked for. It may change data.changes (only fields that may be updated); what the "
                    + "last hook leaves is applied. An error refuses the update (403 hook_rejected) and nothing is written.",
            CHANGE_REJECTED, new ChangeRules(List.of("changes"), List.of("user")),
            schema("pre-user-update", HookData.PRE_USER_UPDATE_SHAPE),
            facts -> {
                StoredUser user = facts.storedUser();
                var changes = facts.userChanges(user);
                return HookData.preUserUpdate(user, changes, facts.managementRequest(changes));
            },
            List.of("// Adjust or refuse the changes asked for:",
                    "// if (data.changes.email && !data.changes.email.endsWith('@example.com')) {",
                    "//   return callback(new Error('Emails must stay on example.com'));",
                    "// }",
                    "// data.changes.app_metadata = { ...data.user.app_metadata, ...data.changes.app_metadata, reviewed: true };"));

    public static final HookType PRE_USER_DELETE = new HookType("pre-user-delete", "Pre-user-delete",
            "Runs before a user is deleted through the management API (DELETE /api/users/{id}). An error refuses the "
                    + "deletion (403 hook_rejected) and nothing is deleted.",
            CHANGE_REJECTED, ChangeRules.NOTHING_TAKEN, schema("pre-user-delete", HookData.PRE_USER_DELETE_SHAPE),
            facts -> HookData.userDeletion(facts.storedUser(), facts.managementRequest(null)),
            List.of("// Refuse to delete some users, for example those with a paid plan:",
                    "// if (data.user.app_metadata.plan === 'enterprise') {",
                    "//   return callback(new Error('Cancel the subscription first'));",
                    "// }"));

    public static final HookType POST_USER_DELETE = new HookType("post-user-delete", "Post-user-delete",
            "Runs after a user is deleted, with the user's last state. Its errors are logged and change nothing.",
            null, ChangeRules.NOTHING_TAKEN, schema("post-user-delete", HookData.POST_USER_DELETE_SHAPE),
            facts -> HookData.userDeletion(facts.storedUser(), facts.managementRequest(null)),
            List.of("// Clean up after the user; an error here is logged and changes nothing:",
                    "// console.info('deleted', data.user.id, data.user.email);"));

    private static final List<HookType> ALL = List.of(PRE_LOGIN, POST_LOGIN, PRE_REGISTER_CHECK, PRE_REGISTER, POST_REGISTER,
            CREDENTIALS_EXCHANGE, PRE_USER_UPDATE, PRE_USER_DELETE, POST_USER_DELETE);

    private HookTypes() {
    }

    public static List<HookType> all() {
        return ALL;
    }

    public static Optional<HookType> find(String id) {
        return ALL.stream().filter(type -> type.id().equals(id)).findFirst();
    }

    /** The type with this id; a 400 {@code unknown_hook_type} naming the known ones otherwise. */
    public static HookType require(String id) {
        if (id == null) {
            throw HookboxException.invalid("field 'type' is required; one of " + ids(), Map.of("field", "type"));
        }
        return find(id).orElseThrow(() -> new HookboxException(Kind.INVALID, "unknown_hook_type",
                "unknown hook type '" + id + "'; one of " + ids(), Map.of("type", id)));
    }

    /**
     * Refuses {@code source} as a hook of {@code type} when it is an Auth0 Action that does not export the type's
     * handler, or a Rule under a type that does not run Rules: a 400 {@code hook_form_mismatch} that says which type
     * would run it.
     */
    public static void requireForm(HookType type, String source) {
        String problem = switch (HookForm.of(source)) {
            case HANDLE -> null;
            case RULE -> type.action() != null && type.action().rules() ? null
                    : "this is an Auth0 Rule (function (user, context, callback)); Rules run as " + typesWhere(
                    action -> action.rules()) + " hooks, not as " + type.id() + " hooks";
            case ACTION -> {
                Set<String> handlers = HookForm.actionHandlers(source);
                if (type.action() != null && handlers.contains(type.action().handler())) {
                    yield null;
                }
                String runs = type.action() == null ? "Auth0 has no Action trigger for " + type.id() + " hooks"
                        : type.id() + " hooks run " + type.action().handler();
                String runAs = typesWhere(action -> handlers.contains(action.handler()));
                yield "this Auth0 Action exports " + String.join(", ", handlers) + ", which "
                        + (runAs.isEmpty() ? "hookbox does not run" : (handlers.size() == 1 ? "runs" : "run") + " as " + runAs + " hooks")
                        + "; " + runs;
            }
        };
        if (problem != null) {
            throw new HookboxException(Kind.INVALID, "hook_form_mismatch", problem,
                    Map.of("field", "content", "type", type.id(), "form", HookForm.of(source).json()));
        }
    }

    private static String typesWhere(Predicate<ActionTrigger> test) {
        List<String> ids = ALL.stream().filter(type -> type.action() != null && test.test(type.action())).map(HookType::id).toList();
        return String.join(" or ", ids);
    }

    public static List<String> ids() {
        return ALL.stream().map(HookType::id).toList();
    }

    private static List<String> reservedClaims(String... tokens) {
        return Stream.of(tokens).flatMap(token -> SignInClaims.RESERVED.stream().sorted().map(claim -> token + "." + claim)).toList();
    }

    private static DataSchema schema(String typeId, Shape.ObjectShape shape) {
        return DataSchema.of("data of a " + typeId + " hook", shape);
    }
}
