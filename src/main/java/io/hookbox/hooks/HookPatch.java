package io.hookbox.hooks;

/**
 * Changes to a hook: the fields given replace the stored ones, those left out (null) stay. {@code version} is
 * required: the version the client last saw, so a change made since is never overwritten unseen. A new {@code content} is deployed at once unless {@code draft} is true, when only the draft changes.
 */
public record HookPatch(String name, String description, String type, String content, Boolean enabled, OnError onError,
                        Long version, Boolean draft) {
}
