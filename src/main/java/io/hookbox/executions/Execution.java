package io.hookbox.executions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookbox.egress.RequestLog;
import io.hookbox.sandbox.ConsoleEntry;

import java.time.Instant;
import java.util.List;

/**
 * One hook's run inside a real authentication flow. {@code flowId} groups the hooks of one sign-up or login;
 * {@code status} is success or error, with the runtime's or the hook's error code and message; {@code continued}:
 * the hook failed and its {@code onError} policy let the flow go on without its result; {@code requests} are the
 * HTTP requests the hook made. {@code hookVersion}: the deployed version of the hook that ran (null for records
 * made before versions existed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Execution(String id, String hookId, String hookName, String type, String flowId, Instant startedAt,
                        long durationMs, String status, String errorCode, String errorMessage, boolean continued,
                        List<ConsoleEntry> console,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RequestLog> requests, Integer hookVersion) {

    public Execution {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }
}
