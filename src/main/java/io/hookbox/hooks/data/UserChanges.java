package io.hookbox.hooks.data;

import io.hookbox.schema.Shape;

import java.util.List;

/**
 * The changes to a user that the management API may make, as a pre-user-update hook sees them in
 * {@code data.changes}: each field of the profile, and {@code blocked}, each optional.
 */
public final class UserChanges {

    public static final Shape.ObjectShape SHAPE = shape();

    /** The fields a change may set, in the order of the shape. */
    public static final List<String> FIELDS = SHAPE.fields().stream().map(Shape.Field::name).toList();

    private UserChanges() {
    }

    private static Shape.ObjectShape shape() {
        Shape.ObjectShape.Builder builder = Shape.object();
        UserProfile.SHAPE.fields().forEach(field -> builder.optional(field.name(), field.shape(), field.description()));
        return builder.optional("blocked", Shape.bool(), "Whether the user is blocked: a blocked user cannot sign in.").closed();
    }
}
