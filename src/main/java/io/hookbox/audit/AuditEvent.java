package io.hookbox.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One change to a tenant's configuration: when, by which API key ({@code keyId}, its id, never the key; null for a
 * change made with the admin key), what ({@code action} such as {@code hook.deployed}), on which hook and version if
 * any, and a one-line summary.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(String id, Instant at, String keyId, String action, String hookId, Integer hookVersion, String summary) {
}
