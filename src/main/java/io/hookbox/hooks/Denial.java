package io.hookbox.hooks;

import io.hookbox.errors.HookboxException;
import io.hookbox.errors.HookboxException.Kind;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a flow answers when a hook of a blocking type stops it: {@code kind} and {@code code}, with the hook's message.
 * A hook may ask for one of {@code codesHookMayAsk} by starting its message with it and a colon
 * ({@code "invalid_scope: no such scope"}). When the runtime is too busy to run hooks the flow cannot go on either,
 * and says so with 503 so the client retries.
 */
public record Denial(Kind kind, String code, List<String> codesHookMayAsk) {

    public Denial {
        codesHookMayAsk = List.copyOf(codesHookMayAsk);
    }

    public static Denial of(Kind kind, String code) {
        return new Denial(kind, code, List.of());
    }

    /** The answer to a flow stopped by {@code error} of the hook {@code hookId}. */
    public HookboxException toException(RunError error, String hookId) {
        if (error.code() == ErrorCode.BUSY) {
            return new HookboxException(Kind.UNAVAILABLE, "runtime_unavailable", "hooks cannot run now; retry shortly", null);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hookId", String.valueOf(hookId));
        details.put("hookError", error.code().name());
        String message = error.message() == null ? "" : error.message();
        for (String asked : codesHookMayAsk) {
            if (error.code() == ErrorCode.HOOK_ERROR && message.startsWith(asked + ":")) {
                return new HookboxException(Kind.INVALID, asked, message.substring(asked.length() + 1).strip(), details);
            }
        }
        return new HookboxException(kind, code, message, details);
    }
}
