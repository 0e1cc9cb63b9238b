package io.hookbox.auth;

import io.hookbox.errors.HookboxException;
import io.hookbox.errors.HookboxException.Kind;

import java.time.Duration;
import java.util.Map;

/** The auth core's failures, with the codes its clients see. */
final class AuthErrors {

    private AuthErrors() {
    }

    static HookboxException invalidCredentials() {
        return new HookboxException(Kind.UNAUTHORIZED, "invalid_credentials", "wrong username or password", null);
    }

    static HookboxException invalidClient(String clientId) {
        return new HookboxException(Kind.UNAUTHORIZED, "invalid_client",
                clientId == null ? "client_id is required" : "unknown client or wrong client secret", null);
    }

    static HookboxException unauthorizedClient(GrantType grant) {
        return new HookboxException(Kind.INVALID, "unauthorized_client",
                "this application may not use the " + grant.wireName() + " grant", Map.of("grantType", grant.wireName()));
    }

    static HookboxException tooManyAttempts(Duration wait) {
        return tooMany("too many failed sign-in attempts", wait);
    }

    static HookboxException tooManySignUps(Duration wait) {
        return tooMany("too many sign-ups from this address", wait);
    }

    private static HookboxException tooMany(String what, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new HookboxException(Kind.TOO_MANY_REQUESTS, "too_many_attempts", what + "; try again in " + seconds + " s",
                Map.of("retryAfterSeconds", seconds));
    }

    static HookboxException invalidScope(String message) {
        return new HookboxException(Kind.INVALID, "invalid_scope", message, null);
    }

    static HookboxException invalid(String code, String message) {
        return new HookboxException(Kind.INVALID, code, message, null);
    }

    static HookboxException userBlocked() {
        return new HookboxException(Kind.FORBIDDEN, "user_blocked", "this user is blocked and cannot sign in", null);
    }
}
