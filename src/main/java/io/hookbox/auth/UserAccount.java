package io.hookbox.auth;

import io.hookbox.hooks.data.StoredUser;

/** A stored user with the password hash, which never leaves the auth core: hooks and the API see {@link #user()}. */
public record UserAccount(StoredUser user, String passwordHash) {

    public String id() {
        return user.id();
    }
}
