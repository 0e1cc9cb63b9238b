package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;
import io.hookbox.schema.TextFormat;

import java.util.Objects;

import static io.hookbox.schema.Shape.nullable;

/**
 * The fields of a user that a sign-up provides and a pre-register hook may change: the user about to be saved,
 * before it has an id. In {@code data.user} as PlusAuth names them (snake_case OIDC names).
 */
public record UserProfile(String email, boolean emailVerified, String username, String name, String givenName,
                          String familyName, String picture, String phoneNumber, ObjectNode userMetadata,
                          ObjectNode appMetadata) {

    public static final Shape.ObjectShape SHAPE = Shape.object()
            .required("email", Shape.string(TextFormat.EMAIL), "The user's email address.")
            .required("email_verified", Shape.bool(), "Whether the user has proven they own the email address.")
            .required("username", nullable(Shape.string()), "The user's username, if they chose one.")
            .required("name", nullable(Shape.string()), "The user's full name as they want it shown.")
            .required("given_name", nullable(Shape.string()), "The user's given (first) name.")
            .required("family_name", nullable(Shape.string()), "The user's family (last) name.")
            .required("picture", nullable(Shape.string(TextFormat.URI)), "The URL of the user's picture.")
            .required("phone_number", nullable(Shape.string(TextFormat.E164_PHONE)), "The user's phone number.")
            .required("user_metadata", Shape.anyObject(), "Data about the user that the user may edit (preferences).")
            .required("app_metadata", Shape.anyObject(), "Data about the user that only the application sets (plan, roles).")
            .closed();

    public UserProfile {
        Objects.requireNonNull(email, "email");
        userMetadata = DataJson.copyOrEmpty(userMetadata);
        appMetadata = DataJson.copyOrEmpty(appMetadata);
    }

    public ObjectNode toJson() {
        ObjectNode json = DataJson.NODES.objectNode()
                .put("email", email)
                .put("email_verified", emailVerified)
                .put("username", username)
                .put("name", name)
                .put("given_name", givenName)
                .put("family_name", familyName)
                .put("picture", picture)
                .put("phone_number", phoneNumber);
        json.set("user_metadata", userMetadata.deepCopy());
        json.set("app_metadata", appMetadata.deepCopy());
        return json;
    }
}
