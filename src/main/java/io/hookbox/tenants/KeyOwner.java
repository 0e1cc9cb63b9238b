package io.hookbox.tenants;

/** Whom a valid management API key belongs to: the tenant it acts for, and the key's id (which names it, unlike the key). */
public record KeyOwner(String tenantId, String keyId) {
}
