package io.hookbox.outbox;

import com.fasterxml.jackson.annotation.JsonValue;
import io.hookbox.errors.HookboxException;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an outbox entry stands: not tried since it was written or since a retry was asked ({@code pending}), last
 * attempt failed and another is scheduled ({@code failed}), {@code delivered}, or out of attempts ({@code dead}).
 */
public enum DeliveryStatus {
    PENDING, FAILED, DELIVERED, DEAD;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code json}; 400 naming the valid ones otherwise. */
    public static DeliveryStatus parse(String json) {
        return Arrays.stream(values()).filter(status -> status.json().equals(json)).findFirst()
                .orElseThrow(() -> HookboxException.invalid("status must be one of pending, failed, delivered, dead; not '" + json + "'"));
    }
}
