package io.hookbox.sandbox;

/** A snapshot of the worker pool for health checks. */
public record RuntimeStatus(int workersReady, int workersWanted, int sparesReady, int running, int queued,
                            boolean optimizing, String engine, long workerRestarts) {
}
