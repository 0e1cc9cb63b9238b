package io.hookbox.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An after-the-fact run of one hook, as the API shows it: the hook and the flow it belongs to, where it stands,
 * how many attempts were made, when the next one is (while pending or failed), and how the last one ended: the
 * receiver's HTTP status for a URL hook, the error for a failed attempt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(String id, String hookId, String type, String flowId, DeliveryStatus status, int attempts,
                       Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt, Instant deliveredAt,
                       Integer lastStatusCode, String lastError) {
}
