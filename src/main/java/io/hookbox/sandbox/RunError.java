package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What went wrong in a run; {@code line} and {@code column} point into the hook's source when known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunError(ErrorCode code, String message, Integer line, Integer column, String stack) {

    public static final int MAX_MESSAGE_CHARS = 4096;
    public static final int MAX_STACK_CHARS = 8192;

    public static RunError of(ErrorCode code, String message) {
        return new RunError(code, message, null, null, null);
    }

    /** An error whose message and stack come from the hook: each clipped to its maximum. */
    public static RunError clipped(ErrorCode code, String message, Integer line, Integer column, String stack) {
        return new RunError(code, clip(message, MAX_MESSAGE_CHARS), line, column, stack == null ? null : clip(stack, MAX_STACK_CHARS));
    }

    private static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
