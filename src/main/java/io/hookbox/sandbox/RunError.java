package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What went wrong in a run; {@code line} and {@code column} point into the hook's source when known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunError(ErrorCode code, String message, Integer line, Integer column, String stack) {

    public static RunError of(ErrorCode code, String message) {
        return new RunError(code, message, null, null, null);
    }
}
