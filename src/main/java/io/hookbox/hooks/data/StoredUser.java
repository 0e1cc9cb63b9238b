package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.schema.Shape;
import io.hookbox.schema.TextFormat;

import java.time.Instant;
import java.util.Objects;

/** A user who is saved: an id, the profile, and what the server keeps track of. {@code data.user} in most hooks. */
public record StoredUser(String id, UserProfile profile, Instant createdAt, Instant updatedAt, Instant lastLogin,
                         long loginsCount, boolean blocked) {

    public static final Shape.ObjectShape SHAPE = Shape.object()
            .required("id", Shape.string(), "The user's id, stable for the life of the user.")
            .with(UserProfile.SHAPE)
            .required("created_at", Shape.string(TextFormat.DATE_TIME), "When the user was registered.")
            .required("updated_at", Shape.string(TextFormat.DATE_TIME), "When the user was last changed.")
            .required("last_login", Shape.nullable(Shape.string(TextFormat.DATE_TIME)),
                    "When the user last signed in; null before the first sign-in.")
            .required("logins_count", Shape.integer(0), "How many times the user has signed in.")
            .required("blocked", Shape.bool(), "Whether the user is blocked: a blocked user cannot sign in.")
            .closed();

    public StoredUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The user as it is right after it is saved from a sign-up. */
    public static StoredUser registered(String id, UserProfile profile, Instant createdAt) {
        return new StoredUser(id, profile, createdAt, createdAt, null, 0, false);
    }

    public ObjectNode toJson() {
        ObjectNode json = DataJson.NODES.objectNode().put("id", id);
        json.setAll(profile.toJson());
        return json.put("created_at", DataJson.timestamp(createdAt))
                .put("updated_at", DataJson.timestamp(updatedAt))
                .put("last_login", DataJson.timestamp(lastLogin))
                .put("logins_count", loginsCount)
                .put("blocked", blocked);
    }
}
