package io.hookbox.hooks;

import java.time.Instant;

/** One of a hook's secrets as the API shows it: its name and when it was last set, never its value. */
public record HookSecret(String name, Instant updatedAt) {
}
