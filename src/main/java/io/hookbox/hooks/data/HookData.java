package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;
import io.hookbox.schema.Shape.ObjectShape;
import io.hookbox.schema.TextFormat;

/**
 * Builds the {@code data} each hook type receives. The auth core calls these at each point of its flows and the
 * test-run generator calls the same ones with random values, so a test context always has the real shape.
 */
public final class HookData {

    /** The connection of users kept in hookbox's own database, with a password. */
    public static final String DATABASE_CONNECTION = "database";

    public static final ObjectShape PRE_LOGIN_SHAPE = data(StoredUser.SHAPE, "The user who is signing in.", context()
            .required("passwordVerified", Shape.bool(),
                    "Whether the password given was right: pre-login hooks run before that decides the sign-in.")
            .required("connection", Shape.string(), "Where the user is kept: \"" + DATABASE_CONNECTION + "\" for hookbox's own users.")
            .closed());

    public static final ObjectShape POST_LOGIN_SHAPE = data(StoredUser.SHAPE, "The user who signed in.", context()
            .required("accessToken", SignInClaims.ACCESS_TOKEN_SHAPE, "The claims of the access token about to be signed.")
            .required("idToken", SignInClaims.ID_TOKEN_SHAPE, "The claims of the ID token about to be signed.")
            .closed());

    public static final ObjectShape PRE_REGISTER_SHAPE = data(UserProfile.SHAPE,
            "The user about to be saved (no id yet); what the last hook returns is saved.", context().closed());

    public static final ObjectShape POST_REGISTER_SHAPE = data(StoredUser.SHAPE, "The user who was just saved.",
            context().closed());

    public static final ObjectShape PRE_REGISTER_CHECK_SHAPE = data(Shape.object()
                    .required("email", Shape.string(TextFormat.EMAIL), "The email address the person typed, in lower case.")
                    .required("username", Shape.nullable(Shape.string()), "The username the person typed, if any.")
                    .closed(),
            "What the person typed to sign up; nothing is checked against the stored users yet.", context().closed());

    public static final ObjectShape PRE_USER_UPDATE_SHAPE = Shape.object()
            .required("user", StoredUser.SHAPE, "The user as it is now.")
            .required("changes", UserChanges.SHAPE, "The changes asked for; what the last hook leaves is applied.")
            .required("context", managementContext(), "The API request that asked for the change.")
            .closed();

    public static final ObjectShape PRE_USER_DELETE_SHAPE = data(StoredUser.SHAPE, "The user about to be deleted.",
            managementContext());

    public static final ObjectShape POST_USER_DELETE_SHAPE = data(StoredUser.SHAPE,
            "The user as it was when it was deleted.", managementContext());

    public static final ObjectShape CREDENTIALS_EXCHANGE_SHAPE = Shape.object()
            .required("context", context()
                    .required("scope", Shape.nullable(Shape.string()), "The scope the application asked for, if any.")
                    .required("audience", Shape.string(), "The audience the token is issued for.")
                    .required("accessToken", MachineToken.SHAPE, "The claims of the access token about to be signed.")
                    .closed(), "The application asking for a token, the request, and the token about to be signed.")
            .closed();

    private HookData() {
    }

    /** A user who exists signs in; {@code passwordVerified} says whether the password they gave was right. */
    public static ObjectNode preLogin(StoredUser user, Client client, RequestInfo request, boolean passwordVerified,
                                      String connection) {
        ObjectNode data = withUser(user.toJson());
        context(data, client, request).put("passwordVerified", passwordVerified).put("connection", connection);
        return data;
    }

    /** A user signed in; {@code claims} are the tokens about to be signed. */
    public static ObjectNode postLogin(StoredUser user, Client client, RequestInfo request, SignInClaims claims) {
        ObjectNode data = withUser(user.toJson());
        ObjectNode context = context(data, client, request);
        context.set("accessToken", claims.accessToken().deepCopy());
        context.set("idToken", claims.idToken().deepCopy());
        return data;
    }

    /** A sign-up, before the user is saved: the user has no id yet. */
    public static ObjectNode preRegister(UserProfile newUser, Client client, RequestInfo request) {
        ObjectNode data = withUser(newUser.toJson());
        context(data, client, request);
        return data;
    }

    /** A sign-up, after the user is saved. */
    public static ObjectNode postRegister(StoredUser user, Client client, RequestInfo request) {
        ObjectNode data = withUser(user.toJson());
        context(data, client, request);
        return data;
    }

    /** A sign-up starts: only what the person typed (the email already in lower case). */
    public static ObjectNode preRegisterCheck(String email, String username, Client client, RequestInfo request) {
        ObjectNode data = withUser(DataJson.NODES.objectNode().put("email", email).put("username", username));
        context(data, client, request);
        return data;
    }

    /** The management API is about to change {@code user} with {@code changes} (fields of {@link UserChanges}). */
    public static ObjectNode preUserUpdate(StoredUser user, ObjectNode changes, RequestInfo request) {
        ObjectNode data = withUser(user.toJson());
        data.set("changes", changes.deepCopy());
        data.putObject("context").set("request", request.toJson());
        return data;
    }

    /** The management API deletes {@code user}: before (it can still be refused) or after it is gone. */
    public static ObjectNode userDeletion(StoredUser user, RequestInfo request) {
        ObjectNode data = withUser(user.toJson());
        data.putObject("context").set("request", request.toJson());
        return data;
    }

    /** An application asks for a token for itself; {@code accessToken}: the claims about to be signed. */
    public static ObjectNode credentialsExchange(Client client, RequestInfo request, String scope, String audience,
                                                 ObjectNode accessToken) {
        ObjectNode data = DataJson.NODES.objectNode();
        ObjectNode context = context(data, client, request);
        context.put("scope", scope).put("audience", audience);
        context.set("accessToken", accessToken.deepCopy());
        return data;
    }

    private static ObjectShape managementContext() {
        return Shape.object().required("request", RequestInfo.SHAPE, "The management API request.").closed();
    }

    private static ObjectShape data(ObjectShape user, String userDescription, ObjectShape context) {
        return Shape.object()
                .required("user", user, userDescription)
                .required("context", context, "The flow: the application, the request, and what this hook type adds.")
                .closed();
    }

    private static ObjectShape.Builder context() {
        return Shape.object().with(Client.SHAPE).required("request", RequestInfo.SHAPE, "The HTTP request that started the flow.");
    }

    private static ObjectNode withUser(ObjectNode user) {
        ObjectNode data = DataJson.NODES.objectNode();
        data.set("user", user);
        return data;
    }

    private static ObjectNode context(ObjectNode data, Client client, RequestInfo request) {
        ObjectNode context = data.putObject("context");
        client.addTo(context);
        context.set("request", request.toJson());
        return context;
    }
}
