package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.egress.RequestLog;

import java.util.List;

/**
 * The outcome of one hook invocation, as plain data: {@code result} is the hook's JSON output on
 * success, {@code error} says why it failed otherwise; {@code console} is what it logged; {@code requests} are the
 * HTTP requests it made through fetch, in the order they ended.
 */
public record RunResult(Status status, JsonNode result, RunError error, List<ConsoleEntry> console, long durationMs,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RequestLog> requests) {

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
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    public RunResult(Status status, JsonNode result, RunError error, List<ConsoleEntry> console, long durationMs) {
        this(status, result, error, console, durationMs, List.of());
    }

    /** This result with the requests the run made (the server, which sent them, knows them; the worker does not). */
    public RunResult withRequests(List<RequestLog> made) {
        return made.isEmpty() ? this : new RunResult(status, result, error, console, durationMs, made);
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
