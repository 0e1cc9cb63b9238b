package io.hookbox.tenants;

/** An API key just issued: {@code apiKey} is shown this once, {@code id} names it for revoking. */
public record IssuedKey(String id, String apiKey) {
}
