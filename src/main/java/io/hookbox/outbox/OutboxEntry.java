package io.hookbox.outbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * An entry a node has claimed: the run of hook {@code hookId} of type {@code type} on {@code data}, for tenant
 * {@code tenantId}, caused by flow {@code flowId} at {@code createdAt}. {@code id} stays the same on every attempt,
 * so a receiver can drop a duplicate. {@code attempt}: this attempt's number since the schedule (re)started;
 * {@code version}: the row's version under this claim.
 */
public record OutboxEntry(String id, String tenantId, String hookId, String type, String flowId, JsonNode data,
                          Instant createdAt, int attempt, long version) {
}
