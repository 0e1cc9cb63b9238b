package io.hookbox.outbox;

import io.hookbox.errors.HookboxException;

/** Which deliveries to list, newest first; {@code hookId} and {@code status} are optional. */
public record DeliveryQuery(String hookId, DeliveryStatus status, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public DeliveryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HookboxException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
