package io.hookbox.errors;

import java.util.Map;

/**
 * A failure the caller can act on, with a stable machine-readable code. Domain code throws these; the HTTP
 * layer maps each {@link Kind} to a status in one place.
 */
public class HookboxException extends RuntimeException {

    public enum Kind { INVALID, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, MISDIRECTED,
        UNPROCESSABLE, UNAVAILABLE,
        /** A service hookbox depends on (the npm registry) failed or answered wrongly. */
        BAD_GATEWAY }

    private final Kind kind;
    private final String code;
    private final Map<String, ?> details;

    public HookboxException(Kind kind, String code, String message, Map<String, ?> details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public static HookboxException invalid(String message) {
        return new HookboxException(Kind.INVALID, "invalid_request", message, null);
    }

    public static HookboxException invalid(String message, Map<String, ?> details) {
        return new HookboxException(Kind.INVALID, "invalid_request", message, details);
    }

    public static HookboxException notFound(String message) {
        return new HookboxException(Kind.NOT_FOUND, "not_found", message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Map<String, ?> details() {
        return details;
    }
}
