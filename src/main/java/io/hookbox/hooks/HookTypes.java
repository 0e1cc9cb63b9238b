package io.hookbox.hooks;

import java.util.List;
import java.util.Optional;

/** Every hook type hookbox knows, in flow order: the one definition the API, the runtime and the auth core read. */
public final class HookTypes {

    public static final HookType PRE_LOGIN = new HookType("pre-login", "Pre-login",
            "Runs when a user who exists signs in, before the password check decides; it runs even when the password "
                    + "turns out to be wrong (data.context.passwordVerified says which). An error denies the login.", true);
    public static final HookType POST_LOGIN = new HookType("post-login", "Post-login",
            "Runs after a successful sign-in, before the tokens are signed. It may add custom claims to "
                    + "data.context.accessToken and data.context.idToken and update the user's metadata. An error denies the login.", true);
    public static final HookType PRE_REGISTER = new HookType("pre-register", "Pre-register",
            "Runs before a new user is saved. The user it returns is the one saved; an error rejects the sign-up.", true);
    public static final HookType POST_REGISTER = new HookType("post-register", "Post-register",
            "Runs after a new user is stored. Its errors are logged and do not undo the registration.", false);

    private static final List<HookType> ALL = List.of(PRE_LOGIN, POST_LOGIN, PRE_REGISTER, POST_REGISTER);

    private HookTypes() {
    }

    public static List<HookType> all() {
        return ALL;
    }

    public static Optional<HookType> find(String id) {
        return ALL.stream().filter(type -> type.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return ALL.stream().map(HookType::id).toList();
    }
}
