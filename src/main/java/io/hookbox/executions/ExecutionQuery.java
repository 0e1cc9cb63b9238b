package io.hookbox.executions;

import io.hookbox.errors.HookboxException;

/** Which executions to list, newest first; every filter is optional. */
public record ExecutionQuery(String hookId, String type, String status, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public ExecutionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HookboxException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (status != null && !status.equals("success") && !status.equals("error")) {
            throw HookboxException.invalid("status must be 'success' or 'error'");
        }
    }
}
