package io.hookbox.pipeline;

import io.hookbox.sandbox.RunResult;

/**
 * One call of a URL hook's endpoint: {@code run}, its outcome as a code hook's run would give it (the new data, or the
 * error), and {@code statusCode}, the HTTP status the endpoint answered (null when none answered).
 */
public record UrlCall(RunResult run, Integer statusCode) {

    public static final int GONE = 410;

    /** The endpoint answered 410 Gone: the receiver wants no more calls. */
    public boolean gone() {
        return statusCode != null && statusCode == GONE;
    }

    public UrlCall withRun(RunResult checked) {
        return new UrlCall(checked, statusCode);
    }
}
