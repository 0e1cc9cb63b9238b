package io.hookbox.templates;

/**
 * A ready-made hook: its {@code type}, how it is written ({@code form}: handle, action or rule, as
 * {@link io.hookbox.sandbox.HookForm} reads it from the content), what it does, and its source.
 */
public record HookTemplate(String id, String type, String form, String name, String description, String content) {
}
