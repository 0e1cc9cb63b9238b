package io.hookbox.hooks;

import java.util.Map;

/**
 * Changes to a hook: the fields given replace the stored ones, those left out (null) stay. {@code version} is
 * required: the version the client last saw, so a change made since is never overwritten unseen. A new {@code content} is deployed at once unless {@code draft} is true, when only the draft changes.
 * {@code url}, {@code headers} (all of them: the given set replaces the stored one) and {@code async} apply to URL
 * hooks only.
 */
public record HookPatch(String name, String description, String type, String content, Boolean enabled, OnError onError,
                        Long version, Boolean draft, String url, Map<String, String> headers, Boolean async) {

    /** Changes to fields every hook has. */
    public HookPatch(String name, String description, String type, String content, Boolean enabled, OnError onError,
                     Long version, Boolean draft) {
        this(name, description, type, content, enabled, onError, version, draft, null, null, null);
    }
}
