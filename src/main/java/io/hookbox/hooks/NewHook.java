package io.hookbox.hooks;

/**
 * A hook to create; {@code description} defaults to empty, {@code enabled} to true and {@code onError} to the type's
 * default ({@link OnError#defaultFor}). {@code draft}: true stores the content as a draft only, which flows skip until
 * its first deploy; by default the hook is deployed at once.
 */
public record NewHook(String name, String description, String type, String content, Boolean enabled, OnError onError,
                      Boolean draft) {
}
