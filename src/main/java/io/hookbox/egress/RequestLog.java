package io.hookbox.egress;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One request a run made, as kept in its result and the execution log: the URL with its query string, never a
 * header value. {@code status} is 0 and {@code error} says why when no response came back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestLog(String method, String url, int status, long durationMs, long bytesIn, String error) {
}
