package io.hookbox.hooks;

/**
 * A point in the authentication flows where a tenant's hooks run. {@code canBlock}: an error from one of its
 * hooks stops the flow (a rejected sign-up, a denied login) rather than being only logged.
 */
public record HookType(String id, String title, String description, boolean canBlock) {
}
