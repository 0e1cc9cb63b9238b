package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The outcome of one hook invocation, as plain data: {@code result} is the hook's JSON output on
 * success, {@code error} says why it failed otherwise; {@code console} is what it logged.
 */
public record RunResult(Status status, JsonNode result, RunError error, List<ConsoleEntry> console, long durationMs) {

    public enum Status {
        SUCCESS, ERROR;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }

    public RunResult {
        if (status == Status.ERROR) {
            result = null;
        }
        console = console == null ? List.of() : List.copyOf(console);
    }

    public static RunResult success(JsonNode result, List<ConsoleEntry> console, long durationMs) {
        return new RunResult(Status.SUCCESS, result, null, console, durationMs);
    }

    public static RunResult failure(RunError error, List<ConsoleEntry> console, long durationMs) {
        return new RunResult(Status.ERROR, null, error, console, durationMs);
    }

    public static RunResult failure(ErrorCode code, String message) {
        return failure(RunError.of(code, message), List.of(), 0);
    }

    public boolean succeeded() {
        return status == Status.SUCCESS;
    }

    public ErrorCode errorCode() {
        return error == null ? null : error.code();
    }
}
