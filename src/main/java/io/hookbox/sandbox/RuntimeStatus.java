package io.hookbox.sandbox;

import java.util.List;

/**
 * A snapshot of the worker pool for health checks: the production lane's workers and runs, then each lane
 * ({@link Lane}). {@code warm}: the workers the pool started with have finished warming up (they serve from the
 * start, slower until then); {@code ready}: warm, and every lane that callers use (production and test) can serve;
 * {@code probation}: a worker was killed lately, so sources never seen to end cleanly run in the confined lane.
 */
public record RuntimeStatus(int workersReady, int workersWanted, int sparesReady, int running, int queued,
                            boolean optimizing, String engine, long workerRestarts, boolean warm, boolean ready,
                            boolean probation, List<LaneStatus> lanes) {

    /**
     * One lane: {@code starting} workers are being launched; {@code canServe}: it has a worker, or one is starting
     * and the last launch did not fail.
     */
    public record LaneStatus(Lane lane, int workersReady, int workersWanted, int sparesReady, int starting, int running,
                             int queued, boolean canServe) {
    }
}
