package io.hookbox.outbox;

/**
 * How one delivery attempt ended: {@code delivered}; {@code failed} (tried again as the schedule says); or
 * {@code abandoned}: no later attempt can do better (the hook was deleted or disabled), so the entry is dead at once.
 * {@code statusCode}: the receiver's HTTP status, if one answered; {@code error}: what went wrong, if anything.
 */
public record Attempt(Result result, Integer statusCode, String error) {

    public enum Result { DELIVERED, FAILED, ABANDONED }

    public static Attempt delivered(Integer statusCode) {
        return new Attempt(Result.DELIVERED, statusCode, null);
    }

    public static Attempt failed(Integer statusCode, String error) {
        return new Attempt(Result.FAILED, statusCode, error);
    }

    public static Attempt abandoned(Integer statusCode, String error) {
        return new Attempt(Result.ABANDONED, statusCode, error);
    }
}
