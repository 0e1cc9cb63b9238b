package io.hookbox.hooks;

import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.data.Client;
import io.hookbox.hooks.data.HookData;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;
import io.hookbox.schema.DataSchema;
import io.hookbox.schema.Shape;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every hook type hookbox knows, in flow order: the one definition the API, the test runs and the auth core read. */
public final class HookTypes {

    public static final HookType PRE_LOGIN = new HookType("pre-login", "Pre-login",
            "Runs when a user who exists signs in, before the password check decides; it runs even when the password "
                    + "turns out to be wrong (data.context.passwordVerified says which). An error denies the login.",
            true, ChangeRules.NOTHING_TAKEN, schema("pre-login", HookData.PRE_LOGIN_SHAPE),
            facts -> {
                StoredUser user = facts.storedUser();
                Client client = facts.client();
                return HookData.preLogin(user, client, facts.signInRequest(client, user), facts.passwordVerified(),
                        HookData.DATABASE_CONNECTION);
            });

    public static final HookType POST_LOGIN = new HookType("post-login", "Post-login",
            "Runs after a successful sign-in, before the tokens are signed. It may add custom claims to "
                    + "data.context.accessToken and data.context.idToken and update the user's metadata. An error denies the login.",
            true, new ChangeRules(
                    List.of("context.accessToken", "context.idToken", "user.user_metadata", "user.app_metadata"),
                    Stream.of("accessToken", "idToken")
                            .flatMap(token -> SignInClaims.RESERVED.stream().sorted().map(claim -> "context." + token + "." + claim))
                            .toList()),
            schema("post-login", HookData.POST_LOGIN_SHAPE),
            facts -> {
                StoredUser user = facts.storedUser();
                Client client = facts.client();
                return HookData.postLogin(user, client, facts.signInRequest(client, user), facts.signInClaims(user, client));
            });

    public static final HookType PRE_REGISTER = new HookType("pre-register", "Pre-register",
            "Runs before a new user is saved. The user it returns is the one saved; an error rejects the sign-up.",
            true, new ChangeRules(
                    UserProfile.SHAPE.fields().stream().map(field -> "user." + field.name()).toList(),
                    List.of("user")),
            schema("pre-register", HookData.PRE_REGISTER_SHAPE),
            facts -> {
                UserProfile user = facts.newUser();
                Client client = facts.client();
                return HookData.preRegister(user, client, facts.signUpRequest(client, user));
            });

    public static final HookType POST_REGISTER = new HookType("post-register", "Post-register",
            "Runs after a new user is stored. Its errors are logged and do not undo the registration.",
            false, ChangeRules.NOTHING_TAKEN, schema("post-register", HookData.POST_REGISTER_SHAPE),
            facts -> {
                UserProfile profile = facts.newUser();
                Client client = facts.client();
                StoredUser user = StoredUser.registered(facts.newUserId(), profile, facts.now());
                return HookData.postRegister(user, client, facts.signUpRequest(client, profile));
            });

    private static final List<HookType> ALL = List.of(PRE_LOGIN, POST_LOGIN, PRE_REGISTER, POST_REGISTER);

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
        return find(id).orElseThrow(() -> new HookboxException(HookboxException.Kind.INVALID, "unknown_hook_type",
                "unknown hook type '" + id + "'; one of " + ids(), Map.of("type", id)));
    }

    public static List<String> ids() {
        return ALL.stream().map(HookType::id).toList();
    }

    private static DataSchema schema(String typeId, Shape.ObjectShape shape) {
        return DataSchema.of("data of a " + typeId + " hook", shape);
    }
}
