package io.hookbox.hooks;

import java.util.Map;

/**
 * A hook to create; {@code description} defaults to empty, {@code enabled} to true and {@code onError} to the type's
 * default ({@link OnError#defaultFor}). {@code draft}: true stores the content as a draft only, which flows skip until
 * its first deploy; by default the hook is deployed at once. {@code kind}: {@code code} (the default) or {@code url};
 * a URL hook has a {@code url}, optional static {@code headers} and {@code async}, and no content.
 */
public record NewHook(String name, String description, String type, String content, Boolean enabled, OnError onError,
                      Boolean draft, String kind, String url, Map<String, String> headers, Boolean async) {

    /** A code hook. */
    public NewHook(String name, String description, String type, String content, Boolean enabled, OnError onError,
                   Boolean draft) {
        this(name, description, type, content, enabled, onError, draft, null, null, null, null);
    }

    public boolean isUrl() {
        return Hook.URL.equals(kind);
    }
}
