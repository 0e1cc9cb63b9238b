package io.hookbox.hooks;

/**
 * A hook to create; {@code description} defaults to empty, {@code enabled} to true and {@code onError} to the type's
 * default ({@link OnError#defaultFor}).
 */
public record NewHook(String name, String description, String type, String content, Boolean enabled, OnError onError) {
}
