package io.hookbox.tenants;

/** A tenant just created, with its first API key: the only time the key is shown. */
public record CreatedTenant(String id, String name, String apiKey) {
}
