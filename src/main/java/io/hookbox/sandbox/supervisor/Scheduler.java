package io.hookbox.sandbox.supervisor;

import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.Lane;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.sandbox.RuntimePolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The worker pool's decisions, with no processes, pipes, threads or timers: which lane and which worker a run goes
 * to, whether it is retried, who is quarantined, which worker is killed, how many workers to start. The pool reports
 * what happens (a run submitted or finished, a worker ready, gone or silent past a deadline, the clock ticking) and
 * carries out the {@link Decision}s this leaves in {@link #drain()}. Time comes only from the injected clock.
 * <ul>
 * <li>A run may be a chain of steps ({@link #submitChain}): it holds one thread of one worker until its last step
 * ends, and each step is its own run id ({@code id}, {@code id + 1}...) with its own deadline, kill attribution and
 * quarantine, exactly as a run of its own would have. A chain waits, is retried and is completed from the step it is
 * at; it goes to the confined lane when any of its steps would.</li>
 * <li>Each lane ({@link Lane}) has its own workers, spares and queue; a tenant may hold only its share of a lane's
 * running slots and queue, and waiting tenants are served in turn ({@link FairQueue}).</li>
 * <li>A run that misses its deadline (timeout plus grace), or that its worker cannot stop, gets the worker killed; it
 * ends with the limit it broke, the worker's other runs start again elsewhere. A worker that crashes with no known
 * culprit, or on which several runs miss their deadlines without the worker saying which broke a limit, has each run
 * retried alone: a run that breaks a worker while alone is the cause.</li>
 * <li>The cause of a kill is quarantined for {@code workers.quarantineMs}: its tenant in that lane, its source
 * everywhere ({@link SourceKey}), and a stored hook that did it in production is marked until it runs cleanly. Their
 * runs go to the confined lane, so a thousand tenants pasting one killer cost the other lanes one worker.</li>
 * <li>For {@code lanes.probationMs} after any kill, runs of sources never seen to end within their limits (a load on
 * save proves nothing) go to the confined lane too: new code waits there while hookbox is under attack, and the hooks
 * that were already running keep their lanes.</li>
 * <li>Each lane keeps its spares plus one per kill in the last {@code lanes.burstWindowMs}; a replacement for a
 * missing worker starts cold (no long warm-up) so it takes traffic in seconds.</li>
 * </ul>
 * Not thread-safe: the pool calls it under its lock.
 */
final class Scheduler {

    static final int MAX_ATTEMPTS = 3;

    /** What the pool must carry out, in order. */
    sealed interface Decision {
        /** Send run {@code runId} to worker {@code workerId}; it waited {@code waitedNanos} in the queue. */
        record Dispatch(long runId, int workerId, Lane lane, long waitedNanos) implements Decision {
        }

        /**
         * Answer run (or chain step) {@code runId}; {@code chainEnds}: no later step of its chain runs (always true for
         * a single run).
         */
        record Complete(long runId, Lane lane, RunResult result, boolean chainEnds) implements Decision {
        }

        /** Kill a worker; {@code tenantId} and {@code hookId} name the run that caused it when one is known. */
        record Kill(int workerId, Lane lane, KillReason reason, String tenantId, String hookId) implements Decision {
        }

        /** Start a worker for {@code lane}; {@code cold}: it replaces a missing one, so it must not warm up for long. */
        record Launch(Lane lane, boolean cold) implements Decision {
        }

        /** Stop a worker politely: it is not needed. */
        record Retire(int workerId) implements Decision {
        }

        /** A run got a worker killed: its tenant (in {@code lane}), its source and, in production, its hook are confined. */
        record Quarantine(Lane lane, String tenantId, String sourceKey, String hookId, KillReason reason) implements Decision {
        }

        /** A stopped hook ran cleanly: it is no longer marked. */
        record HookCleared(String tenantId, String hookId) implements Decision {
        }
    }

    enum KillReason {
        /** A run missed its deadline. */
        DEADLINE("running past its time limit"),
        /** The worker said it cannot stop a run. */
        UNSTOPPABLE("a run the worker could not stop"),
        /** The worker exited on its own. */
        CRASHED("crashing it"),
        /** The worker reported a broken engine or heap. */
        BROKEN("breaking its engine"),
        /** A run could not be sent to the worker. */
        UNREACHABLE("leaving it unreachable");

        /** How a run caused the kill, as the end of "got its worker killed by ...". */
        final String cause;

        KillReason(String cause) {
            this.cause = cause;
        }

        String id() {
            return name().toLowerCase();
        }
    }

    /** What {@link #startedOn} answers for a run that is not running on the worker asked about. */
    static final long NOT_RUNNING = Long.MIN_VALUE;

    /**
     * What a run needs to be placed; {@code sourceKey} from {@link SourceKey}. {@code loadOnly}: the run only loads the
     * hook (a check on save), so ending cleanly proves nothing of its handler.
     */
    record RunSpec(Lane lane, String tenantId, String hookId, String sourceKey, boolean loadOnly) {

        RunSpec(Lane lane, String tenantId, String hookId, String sourceKey) {
            this(lane, tenantId, hookId, sourceKey, false);
        }
    }

    record LaneStatus(Lane lane, int active, int wanted, int spares, int running, int queued, int launching, boolean canServe) {
    }

    private static final class Run {
        final long id;
        final List<RunSpec> steps;
        final String tenant;
        Lane lane;
        int step;
        long queuedAt;
        long startedAt;
        long deadline;
        boolean solo;
        int attempts;
        Worker worker;
        ErrorCode limitCode;
        /** Whether it holds one of its lane's slots for sources that have not proven themselves. */
        boolean holdsUnprovenSlot;

        Run(long id, List<RunSpec> steps, Lane lane, long now) {
            this.id = id;
            this.steps = List.copyOf(steps);
            this.tenant = steps.getFirst().tenantId() == null ? "" : steps.getFirst().tenantId();
            this.lane = lane;
            this.queuedAt = now;
        }

        /** The step running or about to run. */
        RunSpec spec() {
            return steps.get(step);
        }

        /** The run id of the step running or about to run. */
        long stepId() {
            return id + step;
        }
    }

    private static final class Worker {
        final int id;
        final Lane lane;
        final Map<Long, Run> runs = new LinkedHashMap<>();
        boolean draining;
        boolean reservedForSolo;
        boolean runningSolo;

        Worker(int id, Lane lane) {
            this.id = id;
            this.lane = lane;
        }
    }

    private final class LaneState {
        final Lane lane;
        final RuntimePolicy.LaneSize size;
        final List<Worker> active = new ArrayList<>();
        final Deque<Worker> spares = new ArrayDeque<>();
        final FairQueue<Run> queue = new FairQueue<>();
        final Map<String, Integer> runningByTenant = new HashMap<>();
        final Deque<Long> kills = new ArrayDeque<>();
        int runningUnproven;
        int launching;
        int coldLaunching;
        boolean launchFailing;

        LaneState(Lane lane) {
            this.lane = lane;
            this.size = policy.size(lane);
        }

        int running(String tenant) {
            return runningByTenant.getOrDefault(tenant, 0);
        }

        int wantedSpares() {
            long windowStart = clock.getAsLong() - TimeUnit.MILLISECONDS.toNanos(policy.lanes().burstWindowMs());
            while (!kills.isEmpty() && kills.peekFirst() - windowStart < 0) {
                kills.pollFirst();
            }
            return size.spares() + Math.min(policy.lanes().maxBurstSpares(), kills.size());
        }
    }

    private final RuntimePolicy policy;
    private final LongSupplier clock;
    private final Map<Lane, LaneState> lanes = new EnumMap<>(Lane.class);
    private final Map<Integer, Worker> workers = new HashMap<>();
    /** The runs not yet answered, by their first step's id. */
    private final NavigableMap<Long, Run> runs = new TreeMap<>();
    private final Map<Lane, Map<String, Long>> tenantsConfinedUntil = new EnumMap<>(Lane.class);
    private final Map<String, Long> sourcesConfinedUntil = new HashMap<>();
    private final Set<String> stoppedHooks = new HashSet<>();
    private final ProvenSources provenSources = new ProvenSources();
    /** When the last worker of any lane was killed (clock nanos), or null before the first kill. */
    private Long lastKillAt;
    private final List<Decision> decisions = new ArrayList<>();
    private long nextRunId;
    private boolean started;
    private boolean sparesAsked;
    private boolean closed;

    /** {@code clock}: nanoseconds, as {@link System#nanoTime()}. */
    Scheduler(RuntimePolicy policy, LongSupplier clock) {
        this.policy = policy;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new LaneState(lane));
            tenantsConfinedUntil.put(lane, new HashMap<>());
        }
    }

    /** The decisions taken since the last call, in the order the pool must carry them out. */
    List<Decision> drain() {
        List<Decision> taken = List.copyOf(decisions);
        decisions.clear();
        return taken;
    }

    // ---- events ----

    /**
     * Asks for the workers the policy wants serving in every lane; these first ones warm up fully. Spares are asked for
     * once every lane serves, so their start-up does not slow down the first runs.
     */
    void start() {
        lanes.values().forEach(lane -> launchUpTo(lane, lane.size.count()));
        started = true;
    }

    /** A run arrives; answers its id. It is dispatched, queued, or refused at once with BUSY. */
    long submit(RunSpec spec) {
        return submitChain(List.of(spec));
    }

    /**
     * A chain of runs for one worker thread arrives, all of one tenant and requested lane; answers its first step's id,
     * the others following it. It is dispatched, queued, or refused at once with BUSY.
     */
    long submitChain(List<RunSpec> steps) {
        long now = clock.getAsLong();
        Run run = new Run(nextRunId + 1, steps, confinedNow(steps, now) ? Lane.CONFINED : steps.getFirst().lane(), now);
        nextRunId += steps.size();
        runs.put(run.id, run);
        LaneState lane = lanes.get(run.lane);
        if (closed) {
            complete(run, RunResult.failure(ErrorCode.INTERNAL, "hookbox is shutting down"));
        } else if (lane.queue.sizeOf(run.tenant) > 0 || !tryDispatch(run)) {
            if (lane.queue.size() >= policy.queue().maxLength()) {
                complete(run, RunResult.failure(ErrorCode.BUSY, "all " + lane.size.count() * lane.size.threads() + " hook threads of the "
                        + lane.lane.id() + " lane are busy and " + lane.queue.size() + " runs are already waiting; try again shortly"));
            } else if (lane.queue.sizeOf(run.tenant) >= policy.tenantMaxQueued()) {
                complete(run, RunResult.failure(ErrorCode.BUSY, "this tenant already has " + lane.queue.sizeOf(run.tenant)
                        + " runs waiting in the " + lane.lane.id() + " lane, its share of the queue; try again shortly"));
            } else {
                lane.queue.add(run.tenant, run, false);
            }
        }
        return run.id;
    }

    /** A worker asked for by a {@link Decision.Launch} of {@code laneOf} and {@code cold} is ready. */
    void workerReady(int workerId, Lane laneOf, boolean cold) {
        LaneState lane = lanes.get(laneOf);
        lane.launching = Math.max(0, lane.launching - 1);
        if (cold) {
            lane.coldLaunching = Math.max(0, lane.coldLaunching - 1);
        }
        lane.launchFailing = false;
        if (closed) {
            decisions.add(new Decision.Retire(workerId));
            return;
        }
        Worker worker = new Worker(workerId, laneOf);
        if (lane.active.size() < lane.size.count()) {
            lane.active.add(worker);
        } else if (lane.spares.size() < lane.wantedSpares()) {
            lane.spares.addLast(worker);
        } else {
            decisions.add(new Decision.Retire(workerId));
            return;
        }
        workers.put(workerId, worker);
        pump(lane);
        if (!sparesAsked && lanes.values().stream().allMatch(each -> each.active.size() >= each.size.count())) {
            sparesAsked = true;
            lanes.values().forEach(this::replenish);
        }
    }

    /** A worker could not be started; the pool tries again, and meanwhile the lane may be unable to serve. */
    void launchFailed(Lane lane) {
        lanes.get(lane).launchFailing = true;
    }

    /** When run {@code runId} started on worker {@code workerId} (clock nanos), or {@link #NOT_RUNNING}. */
    long startedOn(long runId, int workerId) {
        Run run = current(runId);
        return run == null || run.worker == null || run.worker.id != workerId ? NOT_RUNNING : run.startedAt;
    }

    /** The tenant of run {@code runId}, or null when it is over. */
    String tenantOf(long runId) {
        Run run = current(runId);
        return run == null ? null : run.spec().tenantId();
    }

    void cancelling(long runId, ErrorCode code) {
        Run run = current(runId);
        if (run != null && run.worker != null) {
            run.limitCode = code;
        }
    }

    void unstoppable(long runId, ErrorCode code) {
        Run run = current(runId);
        if (run != null && run.worker != null) {
            run.limitCode = code;
            removeWorker(run.worker, run, KillReason.UNSTOPPABLE, false);
        }
    }

    /**
     * A run is over. {@code unattributed}: another run may have caused its failure, so it is tried again alone.
     * {@code broken}: its worker takes no more work and is replaced once idle.
     */
    void finished(long runId, RunResult result, boolean unattributed, boolean broken) {
        finished(runId, result, unattributed, broken, false);
    }

    /**
     * As {@link #finished(long, RunResult, boolean, boolean)}; {@code goesOn}: the step's chain goes on with its next
     * step on the same worker, which then has its own deadline.
     */
    void finished(long runId, RunResult result, boolean unattributed, boolean broken, boolean goesOn) {
        Run run = current(runId);
        if (run == null || run.worker == null) {
            return;
        }
        if (!unattributed && !broken && !run.spec().loadOnly() && run.spec().sourceKey() != null
                && !ProvenSources.brokeALimit(result)) {
            provenSources.add(run.spec().sourceKey());
        }
        if (goesOn && !unattributed && !broken && run.step + 1 < run.steps.size()) {
            clearIfStopped(run, result);
            decisions.add(new Decision.Complete(runId, run.lane, result, false));
            run.step++;
            run.attempts = 0;
            run.limitCode = null;
            run.startedAt = clock.getAsLong();
            run.deadline = run.startedAt + TimeUnit.MILLISECONDS.toNanos(policy.limits().timeoutMs() + policy.workers().killGraceMs());
            return;
        }
        Worker worker = run.worker;
        detach(run);
        worker.runningSolo = false;
        worker.draining |= broken;
        if (unattributed && !run.solo && run.attempts + 1 < MAX_ATTEMPTS) {
            retry(run, true);
        } else {
            if (run.solo && broken) {
                quarantine(run, KillReason.BROKEN);
            }
            clearIfStopped(run, result);
            complete(run, result);
        }
        if (worker.draining && worker.runs.isEmpty()) {
            removeWorker(worker, null, KillReason.BROKEN, false);
        } else {
            LaneState lane = lanes.get(worker.lane);
            promoteSpares(lane);
            pump(lane);
        }
    }

    private void clearIfStopped(Run run, RunResult result) {
        if (result.succeeded() && run.spec().hookId() != null && stoppedHooks.remove(hookKey(run))) {
            decisions.add(new Decision.HookCleared(run.spec().tenantId(), run.spec().hookId()));
        }
    }

    /** A worker exited on its own; {@code outOfMemory} when its last output says its heap ran out. */
    void workerExited(int workerId, boolean outOfMemory) {
        Worker worker = workers.get(workerId);
        if (worker != null && !closed) {
            removeWorker(worker, null, KillReason.CRASHED, outOfMemory);
        }
    }

    /** A run could not be written to a worker: it is replaced as if it had crashed. */
    void unreachable(int workerId) {
        Worker worker = workers.get(workerId);
        if (worker != null && !closed) {
            removeWorker(worker, null, KillReason.UNREACHABLE, false);
        }
    }

    /** Time passes: deadlines, waits in the queue, quarantines and burst spares are judged against the clock. */
    void tick() {
        long now = clock.getAsLong();
        Map<Worker, List<Run>> lateByWorker = runs.values().stream()
                .filter(run -> run.worker != null && run.deadline - now <= 0)
                .sorted(Comparator.comparingLong(run -> run.id))
                .collect(Collectors.groupingBy(run -> run.worker, LinkedHashMap::new, Collectors.toList()));
        lateByWorker.forEach((worker, late) -> removeWorker(worker, culpritAmong(late), KillReason.DEADLINE, false));
        sourcesConfinedUntil.values().removeIf(end -> end - now <= 0);
        tenantsConfinedUntil.values().forEach(until -> until.values().removeIf(end -> end - now <= 0));
        long maxWait = TimeUnit.MILLISECONDS.toNanos(policy.queue().maxWaitMs());
        for (LaneState lane : lanes.values()) {
            for (Run run : lane.queue.removeIf(run -> now - run.queuedAt >= maxWait)) {
                complete(run, RunResult.failure(ErrorCode.BUSY, "no hook thread became free within " + policy.queue().maxWaitMs()
                        + " ms in the " + lane.lane.id() + " lane; try again shortly"));
            }
            while (lane.spares.size() > lane.wantedSpares() && lane.spares.peekLast().runs.isEmpty()) {
                Worker surplus = lane.spares.pollLast();
                workers.remove(surplus.id);
                decisions.add(new Decision.Retire(surplus.id));
            }
            pump(lane);
        }
    }

    /**
     * Who a worker is killed for when {@code late} runs on it missed their deadlines: the one the worker itself said
     * broke a limit, or the only one. Several that the worker said nothing about point to a worker that stopped
     * answering altogether (a heap bomb's collections, a starved machine): no one is blamed, and each run is tried again
     * alone, where the cause shows itself.
     */
    private static Run culpritAmong(List<Run> late) {
        return late.stream().filter(run -> run.limitCode != null).findFirst()
                .orElse(late.size() == 1 ? late.getFirst() : null);
    }

    /** Answers every run still open and lets go of every worker. */
    void close() {
        closed = true;
        for (Run run : List.copyOf(runs.values())) {
            complete(run, RunResult.failure(ErrorCode.INTERNAL, "hookbox is shutting down"));
        }
        lanes.values().forEach(lane -> lane.queue.drain());
        workers.keySet().forEach(id -> decisions.add(new Decision.Retire(id)));
        workers.clear();
    }

    // ---- queries ----

    LaneStatus status(Lane laneOf) {
        LaneState lane = lanes.get(laneOf);
        int running = lane.runningByTenant.values().stream().mapToInt(Integer::intValue).sum();
        boolean canServe = !lane.active.isEmpty() || !lane.spares.isEmpty() || (lane.launching > 0 && !lane.launchFailing);
        return new LaneStatus(laneOf, lane.active.size(), lane.size.count(), lane.spares.size(), running, lane.queue.size(),
                lane.launching, canServe);
    }

    boolean isConfined(RunSpec spec) {
        return laneFor(spec, clock.getAsLong()) == Lane.CONFINED;
    }

    /** Whether new sources are on probation now: a worker was killed in the last {@code lanes.probationMs}. */
    boolean onProbation() {
        long probation = TimeUnit.MILLISECONDS.toNanos(policy.lanes().probationMs());
        return probation > 0 && lastKillAt != null && clock.getAsLong() - lastKillAt < probation;
    }

    // ---- placing runs ----

    private Lane laneFor(RunSpec spec, long now) {
        String tenant = spec.tenantId() == null ? "" : spec.tenantId();
        boolean confined = spec.lane() == Lane.CONFINED
                || stillConfined(sourcesConfinedUntil, spec.sourceKey(), now)
                || stillConfined(tenantsConfinedUntil.get(spec.lane()), tenant, now)
                || (spec.hookId() != null && stoppedHooks.contains(tenant + "\n" + spec.hookId()))
                || onProbation(spec);
        return confined ? Lane.CONFINED : spec.lane();
    }

    /**
     * Whether a run goes to the confined lane because hookbox is under attack (a worker was killed in the last
     * {@code lanes.probationMs}) and its source never ended within its limits: whatever new code does then, it cannot
     * take workers from the hooks that were already running.
     */
    private boolean onProbation(RunSpec spec) {
        return spec.sourceKey() != null && onProbation() && !provenSources.contains(spec.sourceKey());
    }

    private static boolean stillConfined(Map<String, Long> until, String key, long now) {
        Long end = key == null ? null : until.get(key);
        if (end == null) {
            return false;
        }
        if (end - now <= 0) {
            until.remove(key);
            return false;
        }
        return true;
    }

    private boolean confinedNow(List<RunSpec> steps, long now) {
        return steps.stream().anyMatch(spec -> laneFor(spec, now) == Lane.CONFINED);
    }

    /**
     * Whether any step's source has not proven itself; in the production and test lanes such runs may hold only
     * {@link #unprovenSlots} of the running slots, so code never seen to end cleanly cannot take all of a lane from
     * the hooks that keep running, even before a kill puts it on probation.
     */
    private boolean unproven(Run run) {
        return run.steps.stream().anyMatch(spec -> spec.sourceKey() != null && !provenSources.contains(spec.sourceKey()));
    }

    /** Half of the lane's running slots (at least one). */
    private static int unprovenSlots(LaneState lane) {
        return Math.max(1, lane.size.count() * lane.size.threads() / 2);
    }

    /**
     * Moves a waiting run that has become confined since it was placed (a kill put its source on probation, or
     * quarantined it) to the confined lane, where it is dispatched or waits; answers whether it moved.
     */
    private boolean movedToConfined(Run run) {
        if (run.lane == Lane.CONFINED || !confinedNow(run.steps.subList(run.step, run.steps.size()), clock.getAsLong())) {
            return false;
        }
        run.lane = Lane.CONFINED;
        if (!tryDispatch(run)) {
            lanes.get(Lane.CONFINED).queue.add(run.tenant, run, false);
        }
        return true;
    }

    /** Dispatches a run if its lane has room for it. */
    private boolean tryDispatch(Run run) {
        LaneState lane = lanes.get(run.lane);
        if (lane.running(run.tenant) >= policy.tenantMaxRunning(run.lane)) {
            return false;
        }
        boolean unproven = run.lane != Lane.CONFINED && unproven(run);
        if (unproven && lane.runningUnproven >= unprovenSlots(lane)) {
            return false;
        }
        Worker worker = run.solo ? idleWorkerForSolo(lane) : workerFor(lane, run.tenant);
        if (worker == null) {
            return false;
        }
        long now = clock.getAsLong();
        run.worker = worker;
        run.startedAt = now;
        run.deadline = now + TimeUnit.MILLISECONDS.toNanos(policy.limits().timeoutMs() + policy.workers().killGraceMs());
        run.limitCode = null;
        worker.runs.put(run.id, run);
        lane.runningByTenant.merge(run.tenant, 1, Integer::sum);
        run.holdsUnprovenSlot = unproven;
        if (unproven) {
            lane.runningUnproven++;
        }
        if (run.solo) {
            worker.runningSolo = true;
            worker.reservedForSolo = false;
        }
        decisions.add(new Decision.Dispatch(run.stepId(), worker.id, run.lane, now - run.queuedAt));
        return true;
    }

    /** The tenant's own worker when it has a free thread, else the least loaded one that has. */
    private Worker workerFor(LaneState lane, String tenant) {
        if (lane.active.isEmpty()) {
            return null;
        }
        Worker preferred = lane.active.get(Math.floorMod(tenant.hashCode(), lane.active.size()));
        if (acceptsWork(lane, preferred)) {
            return preferred;
        }
        return lane.active.stream().filter(worker -> acceptsWork(lane, worker))
                .min(Comparator.comparingInt(worker -> worker.runs.size())).orElse(null);
    }

    private static boolean acceptsWork(LaneState lane, Worker worker) {
        return !worker.draining && !worker.reservedForSolo && !worker.runningSolo && worker.runs.size() < lane.size.threads();
    }

    /**
     * An idle worker for a run that must be alone: a spare, or an active worker with nothing to do. If there is none,
     * the least loaded active worker stops taking new work until it is idle.
     */
    private Worker idleWorkerForSolo(LaneState lane) {
        for (Worker spare : lane.spares) {
            if (spare.runs.isEmpty() && !spare.runningSolo) {
                return spare;
            }
        }
        for (Worker worker : lane.active) {
            if (worker.runs.isEmpty() && !worker.draining && !worker.runningSolo) {
                return worker;
            }
        }
        if (lane.active.stream().noneMatch(worker -> worker.reservedForSolo)) {
            lane.active.stream().filter(worker -> !worker.draining && !worker.runningSolo)
                    .min(Comparator.comparingInt(worker -> worker.runs.size()))
                    .ifPresent(worker -> worker.reservedForSolo = true);
        }
        return null;
    }

    private void pump(LaneState lane) {
        if (!closed) {
            lane.queue.serve(run -> movedToConfined(run) || tryDispatch(run));
        }
    }

    private void retry(Run run, boolean alone) {
        run.attempts++;
        run.solo = alone;
        run.queuedAt = clock.getAsLong();
        lanes.get(run.lane).queue.add(run.tenant, run, true);
    }

    private void detach(Run run) {
        Worker worker = run.worker;
        worker.runs.remove(run.id);
        LaneState lane = lanes.get(worker.lane);
        lane.runningByTenant.computeIfPresent(run.tenant, (tenant, count) -> count == 1 ? null : count - 1);
        if (run.holdsUnprovenSlot) {
            lane.runningUnproven--;
            run.holdsUnprovenSlot = false;
        }
        run.worker = null;
    }

    private void complete(Run run, RunResult result) {
        runs.remove(run.id);
        decisions.add(new Decision.Complete(run.stepId(), run.lane, result, true));
    }

    /** The run whose step {@code stepId} is running or about to run, or null. */
    private Run current(long stepId) {
        Map.Entry<Long, Run> entry = runs.floorEntry(stepId);
        return entry == null || entry.getValue().stepId() != stepId ? null : entry.getValue();
    }

    // ---- kills, quarantine, capacity ----

    /**
     * Takes a worker out of service and kills it. {@code culprit}, when known, ends with the limit it broke and is
     * quarantined; the worker's other runs start again. When the worker crashed with no known culprit, each of its runs
     * is retried alone, and a run that was already alone is the cause.
     */
    private void removeWorker(Worker worker, Run culprit, KillReason reason, boolean outOfMemory) {
        LaneState lane = lanes.get(worker.lane);
        workers.remove(worker.id);
        lane.active.remove(worker);
        lane.spares.remove(worker);
        lane.kills.addLast(clock.getAsLong());
        lastKillAt = clock.getAsLong();
        if (lane.size.threads() == 1 && worker.runs.size() == 1) {
            // a worker of one thread ran it alone: a retry alone would only break another worker to say so
            worker.runs.values().iterator().next().solo = true;
        }
        boolean crashed = culprit == null;
        Run blamed = culprit != null ? culprit
                : worker.runs.values().stream().filter(run -> run.solo).findFirst().orElse(null);
        decisions.add(new Decision.Kill(worker.id, worker.lane, reason, blamed == null ? null : blamed.spec().tenantId(),
                blamed == null ? null : blamed.spec().hookId()));
        for (Run run : List.copyOf(worker.runs.values())) {
            detach(run);
            if (run == culprit) {
                quarantine(run, reason);
                ErrorCode code = run.limitCode == null ? ErrorCode.TIMEOUT : run.limitCode;
                complete(run, RunResult.failure(RunError.of(code, policy.limitMessage(code)
                        + "; hookbox stopped it by restarting the worker that ran it"), List.of(), elapsedMillis(run)));
            } else if (run.attempts + 1 < MAX_ATTEMPTS && !(crashed && run.solo)) {
                retry(run, crashed);
            } else {
                if (crashed && run.solo) {
                    quarantine(run, reason);
                }
                ErrorCode code = outOfMemory ? ErrorCode.MEMORY_LIMIT : ErrorCode.INTERNAL;
                String message = outOfMemory ? policy.limitMessage(ErrorCode.MEMORY_LIMIT)
                        + " (the worker running it ran out of memory)" : "the worker running this hook crashed";
                complete(run, RunResult.failure(RunError.of(code, message), List.of(), elapsedMillis(run)));
            }
        }
        if (!closed) {
            replenish(lane);
        }
        pump(lane);
    }

    private long elapsedMillis(Run run) {
        return TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - run.startedAt);
    }

    private void quarantine(Run run, KillReason reason) {
        long quarantineMs = policy.workers().quarantineMs();
        if (quarantineMs == 0) {
            return;
        }
        long until = clock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(quarantineMs);
        Lane requested = run.spec().lane();
        tenantsConfinedUntil.get(requested).put(run.tenant, until);
        if (run.spec().sourceKey() != null) {
            sourcesConfinedUntil.put(run.spec().sourceKey(), until);
        }
        String stoppedHook = null;
        if (requested == Lane.PRODUCTION && run.spec().hookId() != null) {
            stoppedHooks.add(hookKey(run));
            stoppedHook = run.spec().hookId();
        }
        decisions.add(new Decision.Quarantine(requested, run.spec().tenantId(), run.spec().sourceKey(), stoppedHook, reason));
    }

    private static String hookKey(Run run) {
        return run.tenant + "\n" + run.spec().hookId();
    }

    /** Promotes spares into missing places, then asks for the workers the lane still lacks. */
    private void replenish(LaneState lane) {
        promoteSpares(lane);
        launchUpTo(lane, lane.size.count() + lane.wantedSpares());
    }

    /** Asks for workers until the lane has {@code wanted}, counting those ready and those starting. */
    private void launchUpTo(LaneState lane, int wanted) {
        while (lane.active.size() + lane.spares.size() + lane.launching < wanted) {
            // launches of spares warm up for long: they do not count as filling a missing place
            boolean cold = started && lane.active.size() + lane.spares.size() + lane.coldLaunching < lane.size.count();
            lane.launching++;
            if (cold) {
                lane.coldLaunching++;
            }
            decisions.add(new Decision.Launch(lane.lane, cold));
        }
    }

    private void promoteSpares(LaneState lane) {
        while (lane.active.size() < lane.size.count() && !lane.spares.isEmpty()) {
            Worker spare = lane.spares.peekFirst();
            if (spare.runningSolo) {
                break;
            }
            lane.active.add(lane.spares.pollFirst());
        }
    }
}
