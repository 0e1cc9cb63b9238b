package io.hookbox.hooks;

/** A hook to create; {@code description} defaults to empty and {@code enabled} to true. */
public record NewHook(String name, String description, String type, String content, Boolean enabled) {
}
