package io.hookbox.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookbox.egress.RequestLog;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The outcome of one hook invocation, as plain data: {@code result} is the hook's JSON output on
 * success, {@code error} says why it failed otherwise; {@code console} is what it logged; {@code requests} are the
 * HTTP requests it made through fetch, in the order they ended; {@code effects}, what the host keeps for it besides
 * the result (never shown: it travels from the worker beside the result, see {@code FromWorker.Finished}).
 */
public record RunResult(Status status, JsonNode result, RunError error, List<ConsoleEntry> console, long durationMs,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RequestLog> requests,
                        @JsonIgnore RunEffects effects) {

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
        effects = effects == null ? RunEffects.NONE : effects;
    }

    public RunResult(Status status, JsonNode result, RunError error, List<ConsoleEntry> console, long durationMs) {
        this(status, result, error, console, durationMs, List.of(), RunEffects.NONE);
    }

    /** This result with the requests the run made (the server, which sent them, knows them; the worker does not). */
    public RunResult withRequests(List<RequestLog> made) {
        return made.isEmpty() ? this : new RunResult(status, result, error, console, durationMs, made, effects);
    }

    /** This result with what the run asks the host to keep besides it. */
    public RunResult withEffects(RunEffects kept) {
        return kept == null || kept.isEmpty() ? this : new RunResult(status, result, error, console, durationMs, requests, kept);
    }

    /** This result with another outcome: {@code error} instead of its own (a verdict on its result), effects kept. */
    public RunResult failedWith(RunError failure) {
        return new RunResult(Status.ERROR, null, failure, console, durationMs, requests, effects);
    }

    /**
     * This result with {@code redact} applied to every text a hook could have put a secret into: the result's strings
     * and keys, console lines, the error's message and stack, and the requests' URLs and errors.
     */
    public RunResult redacted(UnaryOperator<String> redact) {
        return new RunResult(status, result == null ? null : redactJson(result, redact),
                error == null ? null : new RunError(error.code(), redact.apply(error.message()), error.line(), error.column(),
                        error.stack() == null ? null : redact.apply(error.stack())),
                console.stream().map(entry -> new ConsoleEntry(entry.level(), redact.apply(entry.message()),
                        entry.timestampMs(), entry.origin())).toList(),
                durationMs,
                requests.stream().map(request -> new RequestLog(request.method(), redact.apply(request.url()),
                        request.status(), request.durationMs(), request.bytesIn(),
                        request.error() == null ? null : redact.apply(request.error()))).toList(),
                new RunEffects(effects.cache(), effects.deniedData() == null ? null : redactJson(effects.deniedData(), redact)));
    }

    private static JsonNode redactJson(JsonNode node, UnaryOperator<String> redact) {
        if (node.isTextual()) {
            return TextNode.valueOf(redact.apply(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(redactJson(element, redact)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(redact.apply(field.getKey()), redactJson(field.getValue(), redact)));
            return copy;
        }
        return node;
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
